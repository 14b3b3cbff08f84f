import type { FastifyRequest } from 'fastify';
import { errors, MAX_DEAD_LETTER_PAGE, type DeadLetter, type EventBus } from '@rcr/platform';
import { z } from 'zod';
import { BEARER, type RestApp } from './app-types.ts';
import { authenticated, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { decimalQuery, envelopeOf, problems } from './schemas.ts';

/** A dead letter as the API shows it. */
const DeadLetterSchema = z
  .object({
    id: z.string().describe('opaque id (use it to replay or discard)'),
    group: z.string().describe('the consumer group that gave up on the event'),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    subject: z.string().nullable().describe('the aggregate the event is about'),
    event: z.unknown().describe('the event as received (its raw text when it was not JSON)'),
    error: z.string().describe('the last error'),
    attempts: z.number().int(),
    failedAt: z.string(),
  })
  .meta({
    id: 'DeadLetter',
    example: {
      id: '17',
      group: 'content',
      eventId: '01a22b55-d8c8-77e9-955d-aac8119e932a',
      eventType: 'review.published',
      subject: '01a22b55-d8c8-77e9-955d-aac8119e9000',
      event: { id: '01a22b55-d8c8-77e9-955d-aac8119e932a', type: 'review.published' },
      error: 'cannot project this review',
      attempts: 6,
      failedAt: '2026-11-30T09:12:44.120Z',
    },
  });

const GROUP = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/)
  .describe('consumer group, e.g. content, gateway-push, gateway-cache');
const ListQuery = z.strictObject({
  group: GROUP.optional(),
  limit: decimalQuery(z.number().int().min(1))
    .transform((n) => Math.min(n, MAX_DEAD_LETTER_PAGE))
    .default(100)
    .describe(`letters per page, 1–${MAX_DEAD_LETTER_PAGE}`),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('meta.nextCursor of the previous page'),
});
const IdParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/)
    .describe('dead letter id'),
});
const ReplayAllQuery = z.strictObject({ group: GROUP.optional() });
/** For operations that take no query parameters: an unknown one is a 400, as everywhere. */
const NoQuery = z.strictObject({});

/**
 * The OpenAPI extension of an operation only admins may call: the gateway checks the role right after
 * the token (app.ts, preParsing), before the body is parsed or validated, so a caller who may not call
 * it learns nothing of its input rules (403, not a 400 naming fields). Its handler still checks.
 */
export const ADMIN_ONLY = { 'x-required-role': 'admin' } as const;

/** Whether the route is marked ADMIN_ONLY. */
export function requiresAdmin(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema as { 'x-required-role'?: string } | undefined;
  return schema?.['x-required-role'] === ADMIN_ONLY['x-required-role'];
}

/** 403 unless the caller is an admin (operations on the whole system). */
export async function adminOnly(request: FastifyRequest, deps: RouteDeps) {
  const meta = await authenticated(request, deps);
  if (meta.actor.role !== 'admin') throw errors.forbidden('ADMIN_ONLY', 'only administrators may do this');
  return meta;
}

const notFound = () => errors.notFound('DEAD_LETTER_NOT_FOUND', 'no dead letter has this id');

/** An anti-entropy run: the read model compared with the write side, part by part. */
const ReconciliationSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['admin', 'schedule']),
    status: z.enum(['running', 'finished']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    parts: z.number().int().describe('inventory parts sent to the read model'),
    partsChecked: z.number().int().describe('parts the read model has compared so far'),
    missing: z.number().int().describe('public on the write side, unknown to the read model'),
    outdated: z.number().int().describe('the read model holds an older version'),
    extra: z.number().int().describe('shown by the read model, gone from the write side'),
    mismatch: z.number().int().describe('same version, different visibility (cannot be re-sent)'),
    repaired: z.number().int().describe('snapshots re-emitted through the outbox'),
    unrepairable: z.number().int(),
    repairs: z
      .array(z.object({ kind: z.enum(['review', 'camera']), id: z.string(), reason: z.string() }))
      .describe('the first repairs, by aggregate'),
  })
  .meta({ id: 'Reconciliation' });

type ReconciliationMessage = {
  id: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt?: string | null | undefined;
  repairs: { kind: string; id: string; reason: string }[];
} & Record<
  'parts' | 'partsChecked' | 'missing' | 'outdated' | 'extra' | 'mismatch' | 'repaired' | 'unrepairable',
  number
>;

function presentReconciliation(run: ReconciliationMessage): z.output<typeof ReconciliationSchema> {
  return {
    ...run,
    trigger: run.trigger === 'schedule' ? 'schedule' : 'admin',
    status: run.status === 'finished' ? 'finished' : 'running',
    finishedAt: run.finishedAt ?? null,
    repairs: run.repairs.map((r) => ({ ...r, kind: r.kind === 'camera' ? 'camera' : 'review' })),
  };
}

/**
 * Dead letters: events a consumer group gave up on. Admins list them, see the error and the event, and
 * replay them to their group (one or all) or discard them. The gateway reads them straight from the bus
 * (the DLQ stream with NATS, a table with the in-process bus).
 */
export function adminRoutes(app: RestApp, deps: RouteDeps & { bus?: EventBus | undefined }) {
  const tags = ['administration'];
  const deadLetters = () => {
    if (!deps.bus) throw errors.unavailable('BUS_UNAVAILABLE', 'this gateway has no event bus');
    return deps.bus.deadLetters;
  };
  const noStore = { 'Cache-Control': 'private, no-store' };

  app.get(
    '/v1/admin/dead-letters',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listDeadLetters',
        summary: 'List dead letters',
        description: 'Admins only. Oldest first; page with `cursor`.',
        security: BEARER,
        querystring: ListQuery,
        response: {
          200: z.object({
            data: z.array(DeadLetterSchema),
            meta: z.object({
              requestId: z.string(),
              timestamp: z.string(),
              limit: z.number().int(),
              nextCursor: z.string().nullable(),
            }),
          }),
          ...problems(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      await adminOnly(request, deps);
      const { group, limit, cursor } = request.query;
      const letters = await deadLetters().list({ group, limit: limit + 1, after: cursor });
      const page = letters.slice(0, limit);
      reply.headers(noStore);
      const { meta } = envelope(request, null);
      return {
        data: page,
        meta: { ...meta, limit, nextCursor: letters.length > limit ? (page.at(-1)?.id ?? null) : null },
      };
    },
  );

  app.get(
    '/v1/admin/dead-letters/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'getDeadLetter',
        summary: 'Get a dead letter',
        description: 'Admins only.',
        security: BEARER,
        params: IdParams,
        response: { 200: envelopeOf(DeadLetterSchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await adminOnly(request, deps);
      const letter = await deadLetters().get(request.params.id);
      if (!letter) throw notFound();
      reply.headers(noStore);
      return envelope(request, letter);
    },
  );

  app.post(
    '/v1/admin/dead-letters/:id/replay',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'replayDeadLetter',
        summary: 'Replay a dead letter',
        description:
          'Admins only. Delivers the event again to its group only, and removes the letter (if it fails again it comes back as a new letter). 202: accepted for delivery.',
        security: BEARER,
        params: IdParams,
        response: {
          202: envelopeOf(z.object({ id: z.string(), group: z.string(), replayed: z.literal(true) })),
          ...problems(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      await adminOnly(request, deps);
      const letter = await deadLetters().get(request.params.id);
      if (!letter || !(await deadLetters().replay(letter.id))) throw notFound();
      request.log.warn(
        { id: letter.id, group: letter.group, eventId: letter.eventId },
        'dead letter replayed',
      );
      return reply
        .status(202)
        .send(envelope(request, { id: letter.id, group: letter.group, replayed: true as const }));
    },
  );

  app.post(
    '/v1/admin/dead-letters/replay',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'replayDeadLetters',
        summary: 'Replay every dead letter',
        description: 'Admins only. Replays every letter (of one group with `group`), each to its own group.',
        security: BEARER,
        querystring: ReplayAllQuery,
        response: {
          202: envelopeOf(z.object({ replayed: z.number().int() })),
          ...problems(400, 401, 403, 409, 503),
        },
      },
    },
    async (request, reply) => {
      await adminOnly(request, deps);
      let replayed = 0;
      let after: string | undefined;
      for (;;) {
        const page: DeadLetter[] = await deadLetters().list({
          group: request.query.group,
          limit: MAX_DEAD_LETTER_PAGE,
          after,
        });
        for (const letter of page) if (await deadLetters().replay(letter.id)) replayed += 1;
        if (page.length < MAX_DEAD_LETTER_PAGE) break;
        after = page.at(-1)?.id;
      }
      request.log.warn({ replayed, group: request.query.group }, 'dead letters replayed');
      return reply.status(202).send(envelope(request, { replayed }));
    },
  );

  app.post(
    '/v1/admin/reconciliations',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'startReconciliation',
        querystring: NoQuery,
        summary: 'Check the read model against the write side',
        description:
          'Admins only. Anti-entropy: the reviews service sends its inventory (id, version, public or not of every review and camera) to the read model, which reports drift; the drift is repaired by re-emitting snapshots through the outbox. Answers 202 at once with the run; follow `Location`.',
        security: BEARER,
        response: { 202: envelopeOf(ReconciliationSchema), ...problems(401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const run = await deps.upstreams.call('reviews', 'StartReconciliation', {}, meta);
      return reply
        .status(202)
        .header('Location', `/v1/admin/reconciliations/${run.id}`)
        .send(envelope(request, presentReconciliation(run)));
    },
  );

  app.get(
    '/v1/admin/reconciliations/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'getReconciliation',
        summary: 'Follow a reconciliation',
        description:
          'Admins only. What the run found and repaired so far; `status` is `finished` once every part is checked.',
        security: BEARER,
        params: z.object({ id: z.uuid() }),
        response: { 200: envelopeOf(ReconciliationSchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const run = await deps.upstreams.call('reviews', 'GetReconciliation', { id: request.params.id }, meta);
      reply.headers(noStore);
      return envelope(request, presentReconciliation(run));
    },
  );

  const SigningKeySchema = z
    .object({ kid: z.string(), active: z.boolean(), createdAt: z.string() })
    .meta({ id: 'SigningKey' });
  const keyList = (items: { kid: string; active: boolean; createdAt: string }[]) =>
    items.map(({ kid, active, createdAt }) => ({ kid, active, createdAt }));

  app.get(
    '/v1/admin/signing-keys',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listSigningKeys',
        querystring: NoQuery,
        summary: 'List the token signing keys',
        description: 'Admins only. The active key signs new access tokens; every key listed verifies them.',
        security: BEARER,
        response: { 200: envelopeOf(z.array(SigningKeySchema)), ...problems(401, 403, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { items } = await deps.upstreams.call('identity', 'ListSigningKeys', {}, meta);
      reply.headers(noStore);
      return envelope(request, keyList(items));
    },
  );

  app.post(
    '/v1/admin/signing-keys/rotate',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'rotateSigningKey',
        querystring: NoQuery,
        summary: 'Rotate the token signing key',
        description:
          'Admins only. A new key signs new access tokens; the previous one keeps verifying the tokens it signed until it is retired. Every gateway refetches the key set at once.',
        security: BEARER,
        response: {
          200: envelopeOf(
            z.object({
              activeKid: z.string(),
              previousKid: z.string().nullable().describe('the key that signed until now (retire it later)'),
              keys: z.array(SigningKeySchema),
            }),
          ),
          ...problems(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const before = await deps.upstreams.call('identity', 'ListSigningKeys', {}, meta);
      const { items } = await deps.upstreams.call('identity', 'RotateSigningKey', {}, meta);
      // This gateway knows the new key at once (the others refetch on the signing-keys.changed event).
      await deps.verifier.refreshKeys(request.id).catch(() => undefined);
      reply.headers(noStore);
      return envelope(request, {
        activeKid: items.find((k) => k.active)?.kid ?? '',
        previousKid: before.items.find((k) => k.active)?.kid ?? null,
        keys: keyList(items),
      });
    },
  );

  app.delete(
    '/v1/admin/signing-keys/:kid',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'retireSigningKey',
        summary: 'Retire a token signing key',
        description:
          'Admins only. Removes a key that no longer signs: access tokens it signed stop verifying on every gateway at once (their holders sign in again). The active key cannot be retired (409).',
        security: BEARER,
        params: z.object({ kid: z.string().regex(/^[\w-]{1,100}$/) }),
        response: { 200: envelopeOf(z.array(SigningKeySchema)), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { items } = await deps.upstreams.call(
        'identity',
        'RetireSigningKey',
        { kid: request.params.kid },
        meta,
      );
      reply.headers(noStore);
      return envelope(request, keyList(items));
    },
  );

  app.delete(
    '/v1/admin/dead-letters/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'discardDeadLetter',
        summary: 'Discard a dead letter',
        description: 'Admins only. Removes the letter without delivering its event.',
        security: BEARER,
        params: IdParams,
        response: { 204: z.null().describe('discarded'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await adminOnly(request, deps);
      if (!(await deadLetters().discard(request.params.id))) throw notFound();
      request.log.warn({ id: request.params.id }, 'dead letter discarded');
      return reply.status(204).send(null);
    },
  );
}
