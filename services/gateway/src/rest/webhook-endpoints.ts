import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_LIMITS,
  WebhookEndpointCreateInputSchema,
  WebhookEndpointPatchInputSchema,
  type WebhooksV1,
} from '@rcr/contracts';
import { z } from 'zod';
import { ADMIN_ONLY, adminOnly } from './admin.ts';
import { BEARER, type RestApp } from './app-types.ts';
import type { RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { decimalQuery, envelopeOf, problems, UuidParams } from './schemas.ts';

const timestamp = z.string().describe('ISO 8601');

/** A webhook endpoint as admins see it: never its secret. */
const WebhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().describe('where deliveries are POSTed'),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).describe('the event types delivered to it'),
    description: z.string(),
    enabled: z.boolean().describe('false: nothing is delivered (see disabledReason)'),
    disabledReason: z
      .enum(['gone', 'failing', 'admin'])
      .nullable()
      .describe(
        'why it is disabled: the receiver answered 410 Gone, every attempt failed for days, or an admin did it',
      ),
    disabledAt: timestamp.nullable(),
    failingSince: timestamp.nullable().describe('since when every attempt failed; null after a success'),
    previousSecretExpiresAt: timestamp
      .nullable()
      .describe('after a rotation: until when the previous secret still signs too (a second signature)'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'WebhookEndpoint',
    example: {
      id: '01a22b55-d8c8-77e9-955d-aac8119e932a',
      url: 'https://partner.example.com/rcr-webhooks',
      events: ['review.published', 'price.updated'],
      description: 'Camera shop Ltd: new reviews and prices',
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      createdAt: '2026-12-01T09:12:44.120Z',
      updatedAt: '2026-12-01T09:12:44.120Z',
    },
  });

const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z
    .string()
    .describe(
      `the signing secret (\`${WEBHOOK_LIMITS.secretPrefix}…\`, Standard Webhooks): shown in this answer only (stored encrypted). Verify each delivery's \`webhook-signature\` with it, e.g. with the \`standardwebhooks\` library.`,
    ),
}).meta({ id: 'WebhookEndpointWithSecret' });

const DeliveryAttemptSchema = z.object({
  attempt: z.number().int().describe('1 for the first attempt'),
  startedAt: timestamp,
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable().describe('the receiver’s HTTP status; null when it did not answer'),
  responseExcerpt: z.string().nullable().describe('the start of the receiver’s answer (at most 1 KB)'),
  error: z
    .string()
    .nullable()
    .describe('why there was no usable answer: timeout, refused address, connection error, redirect'),
});

const WebhookDeliverySchema = z
  .object({
    id: z.uuid().describe('the `webhook-id` of every attempt of this delivery'),
    endpointId: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attemptCount: z.number().int(),
    createdAt: timestamp,
    nextAttemptAt: timestamp.nullable().describe('when the next attempt is due; null when none is'),
    lastAttemptAt: timestamp.nullable(),
    attempts: z.array(DeliveryAttemptSchema).describe('the latest attempts (up to 20), oldest first'),
  })
  .meta({ id: 'WebhookDelivery' });

const NoQuery = z.strictObject({});
const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const DeliveriesQuery = z.strictObject({
  limit: decimalQuery(z.number().int().min(1))
    .transform((n) => Math.min(n, WEBHOOK_LIMITS.deliveriesPage.max))
    .default(WEBHOOK_LIMITS.deliveriesPage.default)
    .describe(`deliveries per page, 1–${WEBHOOK_LIMITS.deliveriesPage.max}`),
  cursor: z.uuid().optional().describe('meta.nextCursor of the previous page'),
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});

const nullable = <T>(value: T | undefined): T | null => value ?? null;

function presentEndpoint(endpoint: WebhooksV1.Endpoint__Output): z.output<typeof WebhookEndpointSchema> {
  const reason = endpoint.disabledReason;
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events.filter((type): type is (typeof WEBHOOK_EVENT_TYPES)[number] =>
      (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type),
    ),
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabledReason: reason === 'gone' || reason === 'failing' || reason === 'admin' ? reason : null,
    disabledAt: nullable(endpoint.disabledAt),
    failingSince: nullable(endpoint.failingSince),
    previousSecretExpiresAt: nullable(endpoint.previousSecretExpiresAt),
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function presentDelivery(delivery: WebhooksV1.Delivery__Output): z.output<typeof WebhookDeliverySchema> {
  const status = delivery.status;
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: status === 'succeeded' || status === 'failed' ? status : 'pending',
    attemptCount: delivery.attemptCount,
    createdAt: delivery.createdAt,
    nextAttemptAt: nullable(delivery.nextAttemptAt),
    lastAttemptAt: nullable(delivery.lastAttemptAt),
    attempts: delivery.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      statusCode: nullable(attempt.statusCode),
      responseExcerpt: nullable(attempt.responseExcerpt),
      error: nullable(attempt.error),
    })),
  };
}

/**
 * Webhook endpoints (admins only): partners' URLs that get the events they subscribe to as signed
 * deliveries (Standard Webhooks), and each endpoint's delivery log with manual retry. The webhooks
 * service owns them; the SSRF guard and the secrets live there.
 */
export function webhookEndpointRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['webhooks'];
  const noStore = { 'Cache-Control': 'private, no-store' };
  const path = '/v1/webhook-endpoints';

  app.post(
    path,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'createWebhookEndpoint',
        summary: 'Register a webhook endpoint',
        description: `Admins only. Every event of the listed types (${WEBHOOK_EVENT_TYPES.join(', ')}) is POSTed to \`url\` as \`{type, timestamp, data}\`, signed per Standard Webhooks (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`). Answers the signing \`secret\` once. The URL must be https and reach a public address: loopback, private, link-local, metadata and other internal addresses are refused (400 WEBHOOK_URL_REFUSED, saying why), also when a host name resolves to one.`,
        security: BEARER,
        querystring: NoQuery,
        body: WebhookEndpointCreateInputSchema,
        response: { 201: envelopeOf(WebhookEndpointWithSecretSchema), ...problems(400, 401, 403, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const created = await deps.upstreams.call('webhooks', 'CreateEndpoint', request.body, meta);
      const endpoint = presentEndpoint(created.endpoint as WebhooksV1.Endpoint__Output);
      return reply
        .status(201)
        .headers(noStore)
        .header('Location', `${path}/${endpoint.id}`)
        .send(envelope(request, { ...endpoint, secret: created.secret }));
    },
  );

  app.get(
    path,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listWebhookEndpoints',
        summary: 'List the webhook endpoints',
        description: 'Admins only. Newest first; never their secrets.',
        security: BEARER,
        querystring: NoQuery,
        response: { 200: envelopeOf(z.array(WebhookEndpointSchema)), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { items } = await deps.upstreams.call('webhooks', 'ListEndpoints', {}, meta);
      reply.headers(noStore);
      return envelope(request, items.map(presentEndpoint));
    },
  );

  app.get(
    `${path}/:id`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'getWebhookEndpoint',
        summary: 'Get a webhook endpoint',
        description: 'Admins only. Never its secret.',
        security: BEARER,
        params: UuidParams,
        querystring: NoQuery,
        response: { 200: envelopeOf(WebhookEndpointSchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const endpoint = await deps.upstreams.call('webhooks', 'GetEndpoint', { id: request.params.id }, meta);
      reply.headers(noStore);
      return envelope(request, presentEndpoint(endpoint));
    },
  );

  app.patch(
    `${path}/:id`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'updateWebhookEndpoint',
        summary: 'Change a webhook endpoint',
        description:
          'Admins only. A new `url` is checked like a new endpoint’s. `enabled: true` resumes deliveries to an endpoint the service disabled (410 Gone, or failing for days) and clears its failure streak; `false` stops them.',
        security: BEARER,
        params: UuidParams,
        querystring: NoQuery,
        body: WebhookEndpointPatchInputSchema,
        response: { 200: envelopeOf(WebhookEndpointSchema), ...problems(400, 401, 403, 404, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { events, ...rest } = request.body;
      const endpoint = await deps.upstreams.call(
        'webhooks',
        'UpdateEndpoint',
        { id: request.params.id, ...rest, ...(events ? { events: { items: events } } : {}) },
        meta,
      );
      reply.headers(noStore);
      return envelope(request, presentEndpoint(endpoint));
    },
  );

  app.delete(
    `${path}/:id`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'deleteWebhookEndpoint',
        summary: 'Delete a webhook endpoint',
        description: 'Admins only. Nothing more is delivered to it; its delivery log goes with it.',
        security: BEARER,
        params: UuidParams,
        querystring: NoQuery,
        response: { 204: z.null().describe('deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      await deps.upstreams.call('webhooks', 'DeleteEndpoint', { id: request.params.id }, meta);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${path}/:id/rotate-secret`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'rotateWebhookEndpointSecret',
        summary: 'Rotate a webhook endpoint’s secret',
        description:
          'Admins only. Answers a new `secret` once. For 24 hours the previous secret keeps signing too: `webhook-signature` then holds two signatures (`v1,… v1,…`), so the receiver can switch secrets without missing a delivery.',
        security: BEARER,
        params: UuidParams,
        querystring: NoQuery,
        response: { 200: envelopeOf(WebhookEndpointWithSecretSchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const rotated = await deps.upstreams.call(
        'webhooks',
        'RotateEndpointSecret',
        { id: request.params.id },
        meta,
      );
      const endpoint = presentEndpoint(rotated.endpoint as WebhooksV1.Endpoint__Output);
      reply.headers(noStore);
      return envelope(request, { ...endpoint, secret: rotated.secret });
    },
  );

  app.get(
    `${path}/:id/deliveries`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'List an endpoint’s deliveries',
        description:
          'Admins only. The delivery log, newest first: each delivery’s status, attempts (status code, duration, the start of the answer, error) and next attempt. Page with `cursor`.',
        security: BEARER,
        params: UuidParams,
        querystring: DeliveriesQuery,
        response: {
          200: z.object({
            data: z.array(WebhookDeliverySchema),
            meta: z.object({
              requestId: z.string(),
              timestamp: z.string(),
              limit: z.number().int(),
              nextCursor: z.string().nullable(),
            }),
          }),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { limit, cursor, status } = request.query;
      const page = await deps.upstreams.call(
        'webhooks',
        'ListDeliveries',
        { endpointId: request.params.id, limit, cursor, status },
        meta,
      );
      reply.headers(noStore);
      const { meta: stamp } = envelope(request, null);
      return {
        data: page.items.map(presentDelivery),
        meta: { ...stamp, limit, nextCursor: page.nextCursor || null },
      };
    },
  );

  app.post(
    `${path}/:id/deliveries/:deliveryId/retry`,
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'retryWebhookDelivery',
        summary: 'Retry a delivery now',
        description:
          'Admins only. One more attempt as soon as possible, with the same `webhook-id` (receivers de-duplicate on it); also for a delivery that succeeded or gave up. 409 while the endpoint is disabled.',
        security: BEARER,
        params: DeliveryParams,
        querystring: NoQuery,
        response: { 202: envelopeOf(WebhookDeliverySchema), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const delivery = await deps.upstreams.call(
        'webhooks',
        'RetryDelivery',
        { endpointId: request.params.id, deliveryId: request.params.deliveryId },
        meta,
      );
      return reply
        .status(202)
        .headers(noStore)
        .send(envelope(request, presentDelivery(delivery)));
    },
  );
}
