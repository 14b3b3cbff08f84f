import { z } from 'zod';
import type { EventType } from './events.ts';
import { CameraIdSchema, isStorableInstant, STORABLE_INSTANT_MESSAGE, textOfKind } from './inputs.ts';

/**
 * The rules of webhooks shared by the gateway (request schemas, OpenAPI) and the webhooks service (its
 * use cases): which events partners may subscribe to, the limits of an endpoint, and the shape of the
 * signed inbound price feed.
 */

/**
 * The events an endpoint may subscribe to: the public business events of the catalog, and the end of
 * long tasks (`job.completed`, `job.failed`: the result is fetched from `GET /v1/jobs/{id}`). Internal
 * ones (editor accounts, sessions, signing keys, anti-entropy, job progress, the webhooks service's own)
 * are not offered.
 */
export const WEBHOOK_EVENT_TYPES = [
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'price.updated',
  'job.completed',
  'job.failed',
] as const satisfies readonly EventType[];

/** An event type an endpoint may subscribe to. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Limits of a webhook endpoint. */
export const WEBHOOK_LIMITS = {
  /** Characters of an endpoint URL. */
  url: { max: 2048 },
  /** Characters of its description. */
  description: { max: 500 },
  /** Event types one endpoint subscribes to (each at most once). */
  events: { min: 1, max: WEBHOOK_EVENT_TYPES.length },
  /** Every endpoint secret starts with this (Standard Webhooks), then base64 of 32 random bytes. */
  secretPrefix: 'whsec_',
  /** Deliveries per page of a delivery log. */
  deliveriesPage: { default: 20, max: 100 },
} as const;

const noNul = (text: string) => !text.includes('\u0000');

/** One subscribable event type; anything else is refused naming it and the types that exist. */
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, {
  error: (issue) =>
    `unknown event type ${JSON.stringify(issue.input)}; subscribable: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});

const events = z
  .array(WebhookEventTypeSchema)
  .min(WEBHOOK_LIMITS.events.min, 'must list at least one event type')
  .max(WEBHOOK_LIMITS.events.max, `must list at most ${WEBHOOK_LIMITS.events.max} event types`)
  .refine((types) => new Set(types).size === types.length, 'must not list an event type twice');

// The service checks the URL itself (scheme, credentials, where it resolves) and says why it refuses it.
// A URL as sent may hold what URL parsing quietly drops (tabs, line breaks) or rewrites; the endpoint
// keeps and shows the URL deliveries go to (WHATWG serialisation), and anything with whitespace or a
// control character is refused rather than silently changed.
const url = z
  .string()
  .min(1, 'must not be empty')
  .max(WEBHOOK_LIMITS.url.max, `must be at most ${WEBHOOK_LIMITS.url.max} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  .refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), 'must not contain spaces or control characters')
  .transform((value) => (URL.canParse(value) ? new URL(value).href : value));

const description = z
  .string()
  .trim()
  .max(WEBHOOK_LIMITS.description.max, `must be at most ${WEBHOOK_LIMITS.description.max} characters`)
  .refine(noNul, 'must not contain NUL characters')
  .check(textOfKind('paragraphs'));

/** A new endpoint (POST /v1/webhook-endpoints, CreateEndpoint). */
export const WebhookEndpointCreateInputSchema = z.strictObject({
  url: url.describe('where deliveries are POSTed: https (http only for allowed development hosts)'),
  events: events.describe('the event types to deliver'),
  description: description.optional().describe('what the endpoint is for'),
});

/** Changes to an endpoint (PATCH /v1/webhook-endpoints/{id}, UpdateEndpoint); at least one field. */
export const WebhookEndpointPatchInputSchema = z
  .strictObject({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('false stops deliveries; true resumes them (after a 410 or long failure, too)'),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'must change something');

/**
 * The body of a signed inbound price report (POST /v1/inbound/prices): a Standard Webhooks message whose
 * `data` is a retailer's street price for a camera.
 */
export const InboundPriceReportSchema = z.strictObject({
  type: z.literal('price.updated'),
  timestamp: z.iso
    .datetime({ offset: true })
    .refine(isStorableInstant, STORABLE_INSTANT_MESSAGE)
    .describe('when the partner observed the price'),
  data: z.strictObject({
    cameraId: CameraIdSchema,
    retailer: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(noNul, 'must not contain NUL characters')
      .check(textOfKind('one line')),
    price: z.number().nonnegative().max(1e9),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, like EUR'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(WEBHOOK_LIMITS.url.max)
      .refine(noNul, 'must not contain NUL characters'),
  }),
});
export type InboundPriceReport = z.output<typeof InboundPriceReportSchema>;
