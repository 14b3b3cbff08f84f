import { PARTNER_KEY_LIMITS, PartnerKeyCreateInputSchema, type IdentityV1 } from '@rcr/contracts';
import { z } from 'zod';
import { ADMIN_ONLY, adminOnly } from './admin.ts';
import { BEARER, type RestApp } from './app-types.ts';
import type { RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { envelopeOf, problems, UuidParams } from './schemas.ts';

/** A partner API key as listed: what it is for and its state, never the key itself. */
const PartnerKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string().describe('who the key is for'),
    prefix: z
      .string()
      .describe(`the key's first characters (\`${PARTNER_KEY_LIMITS.prefix}…\`), to tell keys apart`),
    createdBy: z.uuid().describe('the admin who made it'),
    createdAt: z.string(),
    revokedAt: z.string().nullable().describe('when it was revoked; null while it works'),
  })
  .meta({
    id: 'PartnerKey',
    example: {
      id: '01a22b55-d8c8-77e9-955d-aac8119e932a',
      name: 'Camera shop Ltd',
      prefix: 'rcrp_Xq3vT0',
      createdBy: '01a22b55-d8c8-77e9-955d-aac8119e9000',
      createdAt: '2026-11-30T09:12:44.120Z',
      revokedAt: null,
    },
  });

const CreatedPartnerKeySchema = PartnerKeySchema.extend({
  key: z
    .string()
    .describe(
      'the API key itself: shown in this answer only (only its SHA-256 is stored). Partners send it as gRPC metadata `x-api-key`.',
    ),
}).meta({ id: 'CreatedPartnerKey' });

const NoQuery = z.strictObject({});

function present(key: IdentityV1.PartnerKey__Output): z.output<typeof PartnerKeySchema> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt ?? null,
  };
}

/**
 * API keys of the partner gRPC API (PARTNER_GRPC_PORT): admins make one per partner, list them and revoke
 * them. The identity service owns them; a revoked key stops working on every gateway within
 * PARTNER_KEY_CACHE_MS.
 */
export function partnerKeyRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['administration'];
  const noStore = { 'Cache-Control': 'private, no-store' };

  app.post(
    '/v1/admin/partner-keys',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'createPartnerKey',
        summary: 'Make a partner API key',
        description:
          'Admins only. Answers the new key once, in `key`: store it now, it cannot be shown again. Partners call the gRPC partner API with it (metadata `x-api-key: <key>`).',
        security: BEARER,
        querystring: NoQuery,
        body: PartnerKeyCreateInputSchema,
        response: { 201: envelopeOf(CreatedPartnerKeySchema), ...problems(400, 401, 403, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const created = await deps.upstreams.call('identity', 'CreatePartnerKey', request.body, meta);
      const key = present(created.key as IdentityV1.PartnerKey__Output);
      return reply
        .status(201)
        .headers(noStore)
        .header('Location', `/v1/admin/partner-keys/${key.id}`)
        .send(envelope(request, { ...key, key: created.secret }));
    },
  );

  app.get(
    '/v1/admin/partner-keys',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listPartnerKeys',
        summary: 'List the partner API keys',
        description: 'Admins only. Newest first, revoked ones too; never the keys themselves.',
        security: BEARER,
        querystring: NoQuery,
        response: { 200: envelopeOf(z.array(PartnerKeySchema)), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const { items } = await deps.upstreams.call('identity', 'ListPartnerKeys', {}, meta);
      reply.headers(noStore);
      return envelope(request, items.map(present));
    },
  );

  app.get(
    '/v1/admin/partner-keys/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'getPartnerKey',
        summary: 'Get a partner API key',
        description: 'Admins only. Never the key itself.',
        security: BEARER,
        params: UuidParams,
        response: { 200: envelopeOf(PartnerKeySchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      const key = await deps.upstreams.call('identity', 'GetPartnerKey', { id: request.params.id }, meta);
      reply.headers(noStore);
      return envelope(request, present(key));
    },
  );

  app.delete(
    '/v1/admin/partner-keys/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'revokePartnerKey',
        summary: 'Revoke a partner API key',
        description:
          'Admins only. The key stops working for good (on every gateway within seconds); it stays listed with `revokedAt`. Revoking it again changes nothing (204).',
        security: BEARER,
        params: UuidParams,
        response: { 204: z.null().describe('revoked'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await adminOnly(request, deps);
      await deps.upstreams.call('identity', 'RevokePartnerKey', { id: request.params.id }, meta);
      return reply.status(204).send(null);
    },
  );
}
