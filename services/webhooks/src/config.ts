import { z } from 'zod';
import {
  durationListSchema,
  durationSchema,
  secretsConfigShape,
  serviceConfigSchemaWith,
} from '@rcr/platform';
import { parseAllowList } from './domain/address-guard.ts';
import { STANDARD_RETRY_SCHEDULE } from './domain/delivery-policy.ts';
import { isWebhookSecret } from './domain/signatures.ts';

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Config of the webhooks service: the shared service settings, the key ring of endpoint secrets at rest,
 * and
 * - `RCR_WEBHOOK_ALLOWED_HOSTS`: host names, addresses and CIDR networks deliveries may reach besides
 *   public addresses (and over plain http), e.g. `localhost,127.0.0.0/8` for local receivers.
 * - `RCR_WEBHOOK_RETRY_SCHEDULE`: the wait before each attempt (the first's included), jittered by ±20 %.
 * - `RCR_WEBHOOK_TIMEOUT`: how long one attempt may take (connect, send, answer).
 * - `RCR_WEBHOOK_LEASE`: how long a worker's claim on a delivery lasts; a claim whose worker died is taken
 *   again after it (longer than the timeout).
 * - `RCR_WEBHOOK_CONCURRENCY` / `RCR_WEBHOOK_ENDPOINT_CONCURRENCY`: attempts in flight per process, and
 *   per endpoint in one process.
 * - `RCR_WEBHOOK_POLL`: how often a worker looks for due deliveries when nothing wakes it.
 * - `RCR_WEBHOOK_RETRY_AFTER_MAX`: the longest Retry-After honoured.
 * - `RCR_WEBHOOK_DISABLE_AFTER`: an endpoint whose every attempt failed for this long is disabled.
 * - `RCR_WEBHOOK_SECRET_OVERLAP`: how long the secret before a rotation keeps signing too.
 * - `RCR_WEBHOOK_LOG_RETENTION`: finished deliveries (and their attempts) are deleted after this.
 * - `RCR_WEBHOOK_BREAKER_FAILURES` / `RCR_WEBHOOK_BREAKER_HALF_OPEN`: consecutive failures that open an
 *   endpoint's circuit, and how long it stays open before one trial attempt.
 * - `RCR_INBOUND_PRICES_SECRET`: the `whsec_` secret partners sign price reports with; unset → the inbound
 *   price feed answers 503.
 */
export const webhooksConfigSchema = serviceConfigSchemaWith({
  ...secretsConfigShape,
  RCR_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseAllowList(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  RCR_WEBHOOK_RETRY_SCHEDULE: durationListSchema(STANDARD_RETRY_SCHEDULE),
  RCR_WEBHOOK_TIMEOUT: durationSchema('15s'),
  RCR_WEBHOOK_LEASE: durationSchema('45s'),
  RCR_WEBHOOK_CONCURRENCY: count(1, 1000, 16),
  RCR_WEBHOOK_ENDPOINT_CONCURRENCY: count(1, 100, 4),
  RCR_WEBHOOK_POLL: durationSchema('1s'),
  RCR_WEBHOOK_RETRY_AFTER_MAX: durationSchema('1h'),
  RCR_WEBHOOK_DISABLE_AFTER: durationSchema('5d'),
  RCR_WEBHOOK_SECRET_OVERLAP: durationSchema('24h'),
  RCR_WEBHOOK_LOG_RETENTION: durationSchema('30d'),
  RCR_WEBHOOK_BREAKER_FAILURES: count(1, 1000, 5),
  RCR_WEBHOOK_BREAKER_HALF_OPEN: durationSchema('30s'),
  RCR_INBOUND_PRICES_SECRET: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .refine(isWebhookSecret, 'a Standard Webhooks secret: whsec_ and base64 of 24 to 64 random bytes')
      .optional(),
  ),
}).refine((config) => config.RCR_WEBHOOK_LEASE > config.RCR_WEBHOOK_TIMEOUT, {
  path: ['RCR_WEBHOOK_LEASE'],
  message: 'must be longer than RCR_WEBHOOK_TIMEOUT, or a slow attempt could be claimed and sent twice',
});

/** The parsed, frozen configuration of the webhooks service. */
export type WebhooksConfig = z.infer<typeof webhooksConfigSchema>;
