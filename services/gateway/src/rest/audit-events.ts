import {
  AUDIT_ACTIONS,
  AUDIT_LIMITS,
  AUDIT_SUBJECT_KINDS,
  AuditFilterSchema,
  RoleSchema,
  type IdentityV1,
} from '@rcr/contracts';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@rcr/platform';
import { z } from 'zod';
import { ADMIN_ONLY, adminOnly } from './admin.ts';
import { BEARER, type RestApp } from './app-types.ts';
import type { RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { cursorQuery, decimalQuery, envelopeOf, problems } from './schemas.ts';

const HASH = z.string().describe('SHA-256, hex');

/** One recorded change, with its links in the hash chain. */
const AuditEventSchema = z
  .object({
    sequence: z.number().int().describe('the entry’s place in the log, from 1, without gaps'),
    eventId: z
      .string()
      .nullable()
      .describe(
        'the event that reported the change; null for changes identity recorded itself (partner keys)',
      ),
    occurredAt: z.string().describe('when the change was made'),
    recordedAt: z.string().describe('when the log recorded it'),
    actor: z.object({ id: z.string(), role: RoleSchema }).describe('who made the change'),
    action: z.enum(AUDIT_ACTIONS).describe('what was done'),
    subject: z
      .object({ kind: z.enum(AUDIT_SUBJECT_KINDS), id: z.string() })
      .describe('the aggregate changed'),
    versionBefore: z
      .number()
      .int()
      .nullable()
      .describe('its version before the change; null when it did not exist or has no versions'),
    versionAfter: z
      .number()
      .int()
      .nullable()
      .describe('its version after the change (a deletion’s tombstone)'),
    changedFields: z
      .array(z.string())
      .nullable()
      .describe(
        'the fields the change set (`specs.megapixels` for a nested one); null when not known: a deletion, or a change whose previous version the log did not see',
      ),
    previousHash: HASH.describe('the hash of the entry before (64 zeros for the first)'),
    hash: HASH.describe('SHA-256 of previousHash followed by the entry’s canonical form'),
  })
  .meta({
    id: 'AuditEvent',
    example: {
      sequence: 42,
      eventId: '01a22b55-d8c8-77e9-955d-aac8119e932a',
      occurredAt: '2026-11-30T09:12:44.120Z',
      recordedAt: '2026-11-30T09:12:44.161Z',
      actor: { id: '01a22b55-d8c8-77e9-955d-aac8119e9000', role: 'editor' },
      action: 'review.updated',
      subject: { kind: 'review', id: '01a22b55-d8c8-77e9-955d-aac8119e9100' },
      versionBefore: 2,
      versionAfter: 3,
      changedFields: ['rating', 'title'],
      previousHash: '9f2c6b1e0d4a8c7b3e5f1a2d6c9b0e4f7a1d3c5b8e2f6a9c0d4b7e1f3a5c8d2b',
      hash: '3b8e1f4a7c0d2e5b9a6c3f1d8e4b7a0c2f5d9e1b6a3c8f0d4e7b2a5c9f1e3d6b',
    },
  });

const ids = AuditFilterSchema.shape;
const ListQuery = z.strictObject({
  limit: decimalQuery(z.number().int().min(1))
    .transform((n) => Math.min(n, MAX_LIMIT))
    .default(DEFAULT_LIMIT)
    .describe(`entries per page, 1–${MAX_LIMIT} (larger values are clamped)`),
  cursor: cursorQuery,
  order: z.enum(['asc', 'desc']).default('asc').describe('oldest first (asc, default) or newest first'),
  actor: ids.actorId,
  subject: ids.subjectId,
  subjectKind: ids.subjectKind,
  action: z
    .string()
    .max(2000)
    .transform((s) => s.split(',').map((part) => part.trim()))
    .pipe(z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_LIMITS.actions))
    .optional()
    .describe(`only these actions, comma-separated: ${AUDIT_ACTIONS.join(', ')}`),
  since: ids.since,
  until: ids.until,
});

const VerifyQuery = z.strictObject({
  after: decimalQuery(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0)).describe(
    'start after this entry (the previous answer’s `through`); 0: from the first',
  ),
  limit: decimalQuery(
    z.number().int().min(1).max(AUDIT_LIMITS.verifyMax).default(AUDIT_LIMITS.verifyDefault),
  ).describe(`entries to check in this call, 1–${AUDIT_LIMITS.verifyMax}`),
});

const VerificationSchema = z
  .object({
    valid: z.boolean().describe('every entry checked holds its place in the chain'),
    checked: z.number().int().describe('entries checked'),
    firstBrokenSequence: z
      .number()
      .int()
      .nullable()
      .describe('the first entry whose place does not hold; null when valid'),
    reason: z
      .enum(['missing', 'altered', 'unlinked', 'truncated'])
      .nullable()
      .describe(
        'missing: the entry was deleted; altered: its content no longer gives its hash; unlinked: the one before was replaced; truncated: entries were cut off the end',
      ),
    through: z.number().int().describe('the last entry checked; the next call’s `after` when not complete'),
    complete: z.boolean().describe('the walk is over: it reached the head, or found a break'),
    head: z
      .object({ sequence: z.number().int(), hash: HASH })
      .describe('the last entry the log holds; record it elsewhere to notice a log rewritten whole'),
  })
  .meta({ id: 'AuditVerification' });

function present(item: IdentityV1.AuditEvent__Output): z.input<typeof AuditEventSchema> {
  return {
    sequence: item.sequence,
    eventId: item.eventId || null,
    occurredAt: item.occurredAt,
    recordedAt: item.recordedAt,
    actor: { id: item.actor?.id ?? '', role: item.actor?.role === 'admin' ? 'admin' : 'editor' },
    action: item.action as (typeof AUDIT_ACTIONS)[number],
    subject: {
      kind: (item.subject?.kind ?? 'review') as (typeof AUDIT_SUBJECT_KINDS)[number],
      id: item.subject?.id ?? '',
    },
    versionBefore: item.versionBefore ?? null,
    versionAfter: item.versionAfter ?? null,
    changedFields: item.changedFieldsKnown ? item.changedFields : null,
    previousHash: item.previousHash,
    hash: item.hash,
  };
}

/**
 * The audit log (admins only): every change an editor or admin made — who, what, when, which aggregate
 * and its versions — in a hash chain the identity service keeps, and a walk of that chain that says
 * whether any stored entry was edited or deleted.
 */
export function auditRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['administration'];
  const noStore = { 'Cache-Control': 'private, no-store' };

  app.get(
    '/v1/audit-events',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listAuditEvents',
        summary: 'List the audit log',
        description:
          'Admins only. Every change an editor or admin made (accounts, cameras, reviews, signing keys, partner keys), oldest first or newest first, filtered by actor, subject, action and time; page with `cursor` (meta.nextCursor). Each entry carries its hash and the previous entry’s: see GET /v1/audit-events/verify. A change appears once the event reporting it has been consumed (usually within milliseconds).',
        security: BEARER,
        querystring: ListQuery,
        response: {
          200: z.object({
            data: z.array(AuditEventSchema),
            meta: z.object({
              requestId: z.string(),
              timestamp: z.string(),
              limit: z.number().int(),
              nextCursor: z.string().nullable().describe('cursor of the next page; null on the last one'),
            }),
          }),
          ...problems(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const q = request.query;
      const list = await deps.upstreams.call(
        'identity',
        'ListAuditEvents',
        {
          limit: q.limit,
          cursor: q.cursor,
          actorId: q.actor,
          subjectId: q.subject,
          subjectKind: q.subjectKind,
          actions: q.action ?? [],
          since: q.since,
          until: q.until,
          newestFirst: q.order === 'desc',
        },
        meta,
      );
      reply.headers(noStore);
      const { meta: base } = envelope(request, null);
      return {
        data: list.items.map(present),
        meta: { ...base, limit: q.limit, nextCursor: list.nextCursor || null },
      };
    },
  );

  app.get(
    '/v1/audit-events/verify',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'verifyAuditLog',
        summary: 'Verify the audit log’s hash chain',
        description:
          'Admins only. Walks the chain from the entry after `after`, up to `limit` entries: each entry must have the next number, link to the previous entry’s hash and carry the hash of its own content; at the end, the head must name the last entry. A long log is checked in stretches: call again with `after` = `through` until `complete`.',
        security: BEARER,
        querystring: VerifyQuery,
        response: { 200: envelopeOf(VerificationSchema), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const check = await deps.upstreams.call('identity', 'VerifyAuditLog', request.query, meta);
      reply.headers(noStore);
      return envelope(request, {
        valid: check.valid,
        checked: check.checked,
        firstBrokenSequence: check.valid ? null : check.firstBrokenSequence,
        reason: check.valid ? null : (check.reason as z.output<typeof VerificationSchema>['reason']),
        through: check.through,
        complete: check.complete,
        head: { sequence: check.headSequence, hash: check.headHash },
      });
    },
  );
}
