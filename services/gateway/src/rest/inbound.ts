import { InboundPriceReportSchema } from '@rcr/contracts';
import type { FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RestApp } from './app-types.ts';
import { anonymous, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { envelopeOf, problems } from './schemas.ts';

/** Largest signed inbound message, in bytes (a price report is a few hundred). */
export const INBOUND_BODY_LIMIT = 64 * 1024;

const SIGNATURE_HEADERS = z.object({
  'webhook-id': z.string().optional().describe('the message id; the same id twice is accepted once'),
  'webhook-timestamp': z.string().optional().describe('Unix seconds; more than 5 minutes off → 401'),
  'webhook-signature': z
    .string()
    .optional()
    .describe(
      '`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the shared secret; several separated by spaces',
    ),
});

const ReceiptSchema = z
  .object({
    webhookId: z.string(),
    duplicate: z.boolean().describe('true when this webhook-id was accepted before: nothing was done again'),
  })
  .meta({ id: 'InboundReceipt' });

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
};

/**
 * Signed inbound webhooks from partners: `POST /v1/inbound/prices`, a retailer's street price, signed per
 * Standard Webhooks with the shared secret RCR_INBOUND_PRICES_SECRET. No bearer token: the signature is
 * the credential. The route keeps the body's raw bytes (the signature covers them exactly) and hands them
 * to the webhooks service, which verifies, parses, de-duplicates by webhook-id and emits `price.updated`.
 */
export async function inboundRoutes(app: RestApp, deps: RouteDeps): Promise<void> {
  // In a context of its own, JSON bodies stay bytes (everywhere else they are parsed).
  await app.register(async (raw) => {
    raw.removeContentTypeParser(['application/json', 'application/merge-patch+json']);
    raw.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    raw.post(
      '/v1/inbound/prices',
      {
        bodyLimit: INBOUND_BODY_LIMIT,
        // The body is documented as what it holds, but checked only after its signature (in the service):
        // an unsigned request is 401 whatever it holds.
        // (A validator answering `true` passes the part as it is.)
        validatorCompiler: (route) =>
          route.httpPart === 'body' || route.httpPart === 'headers'
            ? () => true
            : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
        schema: {
          tags: ['webhooks'],
          operationId: 'receivePriceReport',
          summary: 'Receive a signed price report (partners)',
          description:
            'A partner reports a retailer’s street price for a camera, signed per Standard Webhooks with the shared `whsec_` secret (RCR_INBOUND_PRICES_SECRET). Missing or bad signature, or a timestamp more than 5 minutes off: 401. Not JSON: 400 MALFORMED_JSON; not the report’s shape: 400 VALIDATION_FAILED. Accepted: 202, processed asynchronously (a `price.updated` event); the same `webhook-id` again: 202 with `duplicate: true` and no second effect. 503 INBOUND_NOT_CONFIGURED while the server has no secret for the feed (send the report again later).',
          headers: SIGNATURE_HEADERS,
          querystring: z.strictObject({}),
          body: InboundPriceReportSchema,
          response: { 202: envelopeOf(ReceiptSchema), ...problems(400, 401, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        // The content-type parser above hands over the raw bytes (the schema's type says otherwise).
        const body = request.body as unknown;
        const receipt = await deps.upstreams.call(
          'webhooks',
          'ReceivePriceReport',
          {
            body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
            webhookId: header(request, 'webhook-id'),
            webhookTimestamp: header(request, 'webhook-timestamp'),
            webhookSignature: header(request, 'webhook-signature'),
          },
          anonymous(request),
        );
        return reply.status(202).send(envelope(request, receipt));
      },
    );
  });
}
