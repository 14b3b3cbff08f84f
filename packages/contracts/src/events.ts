import { z } from 'zod';
import { CameraTypeSchema, cameraSpecsShape, REVIEW_LIMITS, RoleSchema } from './inputs.ts';
import { QUEUED_JOB_KINDS } from './jobs.ts';

/**
 * The event catalog: the one place where event names, versions and payload schemas live.
 * Payloads change only by adding optional fields; a breaking change is a new `version`.
 */

const isoDate = z.iso.datetime({ offset: true });

/** Camera specifications as entered by editors (units fixed by field name). */
export const CameraSpecsSchema = z.object(cameraSpecsShape).strict();
export type CameraSpecs = z.infer<typeof CameraSpecsSchema>;

const editorData = z.object({
  editorId: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  /** The account's version after the change (absent from events of older producers). */
  version: z.number().int().optional(),
});

const cameraData = z.object({
  cameraId: z.string(),
  brand: z.string(),
  model: z.string(),
  type: CameraTypeSchema,
  // Tolerant on receipt: a spec field added by a newer producer is dropped, not a reason to reject the event.
  specs: z.object(CameraSpecsSchema.shape),
  version: z.number().int(),
});

const reviewStatus = z.enum(['draft', 'published']);

const reviewData = z.object({
  reviewId: z.string(),
  slug: z.string(),
  cameraId: z.string(),
  authorId: z.string(),
  title: z.string(),
  body: z.string(),
  rating: z.number().min(REVIEW_LIMITS.rating.min).max(REVIEW_LIMITS.rating.max),
  pros: z.array(z.string()),
  cons: z.array(z.string()),
  verdict: z.string(),
  language: z.string().optional(),
  status: reviewStatus,
  publishedAt: isoDate.nullable(),
  updatedAt: isoDate,
  version: z.number().int(),
});

const inventoryKind = z.enum(['review', 'camera']);

/** Anti-entropy: one part of an owner's inventory, `[id, version, visible]` sorted by id (byte order). */
const inventoryTaken = z.object({
  runId: z.string(),
  kind: inventoryKind,
  /** 1-based part number, of `parts` in the whole run (all kinds). */
  part: z.number().int().positive(),
  parts: z.number().int().positive(),
  /** The part covers ids after `after` (null: from the first) up to and including `until` (null: to the last). */
  after: z.string().nullable(),
  until: z.string().nullable(),
  items: z.array(z.tuple([z.string(), z.number().int(), z.boolean()])),
});

/** Anti-entropy: what the read model found comparing one inventory part with what it holds. */
const inventoryChecked = z.object({
  runId: z.string(),
  kind: inventoryKind,
  part: z.number().int().positive(),
  /** How many aggregates of the range the read model looked at. */
  checked: z.number().int(),
  drift: z.array(
    z.object({
      id: z.string(),
      reason: z.enum(['missing', 'outdated', 'mismatch', 'extra']),
      /** The read model's version (0 when it does not know the aggregate). */
      version: z.number().int(),
      cameraId: z.string().optional(),
      authorId: z.string().optional(),
    }),
  ),
});

/** What every job event says about its job: its id, kind and owner (push goes to the owner only). */
const jobRef = z.object({
  jobId: z.string(),
  kind: z.enum(QUEUED_JOB_KINDS),
  ownerId: z.string(),
});

/** A webhook endpoint as its change events carry it: its settings and version, never a secret. */
const webhookEndpointData = z.object({
  endpointId: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  /** Counts the admins' changes of the endpoint (1 when created). */
  version: z.number().int(),
});

/** Payload schema of each event type, keyed by type; version 1 unless stated. */
export const EventPayloads = {
  'editor.registered': editorData.extend({ email: z.string() }),
  'editor.updated': editorData,
  'camera.created': cameraData,
  'camera.updated': cameraData,
  'camera.deleted': z.object({ cameraId: z.string(), version: z.number().int() }),
  'review.created': reviewData,
  'review.updated': reviewData,
  'review.published': reviewData,
  'review.unpublished': reviewData,
  'review.deleted': z.object({
    reviewId: z.string(),
    cameraId: z.string(),
    authorId: z.string(),
    version: z.number().int(),
    /**
     * The review's status when it was deleted: a published one's deletion is public (pushed to the feed
     * and its camera's topic); a draft's is its author's. Absent in events recorded before it was carried
     * and in a reconciliation's repair, which are treated as a draft's.
     */
    status: reviewStatus.optional(),
  }),
  'session.revoked': z.object({
    editorId: z.string(),
    /** The session (refresh-token family) ended; null when every session of the editor ended. */
    sessionId: z.string().nullable(),
    revokedAt: isoDate,
  }),
  'signing-keys.changed': z.object({
    /** The key that signs new access tokens. */
    activeKid: z.string(),
    /** Every key the JWK Set publishes now (tokens signed by any other key are no longer valid). */
    kids: z.array(z.string()),
  }),
  /**
   * A retailer's street price for a camera, as a partner reported it through the signed inbound price
   * feed (`POST /v1/inbound/prices`); the latest report per camera and retailer is the one shown.
   */
  'price.updated': z.object({
    /** The partner's `webhook-id` of the report (reports are de-duplicated on it). */
    reportId: z.string(),
    cameraId: z.string(),
    retailer: z.string(),
    /** The price in the currency's major unit (e.g. 1299.99). */
    price: z.number().nonnegative(),
    /** ISO 4217 code, upper case. */
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** The retailer's product page. */
    url: z.url({ protocol: /^https?$/ }),
    /** When the partner observed the price (the report's timestamp). */
    observedAt: isoDate,
  }),
  /**
   * A long task was asked for (the jobs service's work queue): the job row and this event commit in one
   * transaction; a worker of the `jobs-worker` group takes it.
   */
  'job.requested': jobRef.extend({ attempt: z.number().int().nonnegative() }),
  /** A running job's progress, pushed to its owner only (`user:<ownerId>`). */
  'job.progress': jobRef.extend({
    progress: z.number().int().min(0).max(100),
    attempt: z.number().int().positive(),
  }),
  /** A job finished and its result is stored; the owner fetches a signed link at `GET /v1/jobs/{id}`. */
  'job.completed': jobRef.extend({
    attempt: z.number().int().positive(),
    /** Rows in the result (reviews exported; cameras compared in a report). */
    rows: z.number().int().nonnegative(),
    /** Size of the stored result in bytes. */
    bytes: z.number().int().nonnegative(),
  }),
  /** A job gave up (its attempts ran out, or its input can never succeed); `error` says why. */
  'job.failed': jobRef.extend({ attempt: z.number().int().nonnegative(), error: z.string() }),
  /**
   * An editor or admin uploaded an image to a review (media service): the original is stored (private) and
   * its renditions are to be made; a worker of the `media-renditions` group takes this event (ADR 0029).
   */
  'image.uploaded': z.object({
    imageId: z.string(),
    reviewId: z.string(),
    uploaderId: z.string(),
    /** Of the original, as sniffed from its bytes. */
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    bytes: z.number().int().positive(),
  }),
  /** An image's public renditions (display size and thumbnail) are stored; links to them can be signed. */
  'image.ready': z.object({
    imageId: z.string(),
    reviewId: z.string(),
    renditions: z.array(
      z.object({
        name: z.enum(['display', 'thumbnail']),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        bytes: z.number().int().positive(),
        /** The rendition's bucket key (absent in events written before ADR 0032): jobs zips it from there. */
        key: z.string().optional(),
      }),
    ),
  }),
  /** An image was removed from a review (by its owner or an admin, or with its review); its files go too. */
  'image.deleted': z.object({ imageId: z.string(), reviewId: z.string() }),
  /**
   * The webhooks service stopped delivering to an endpoint by itself: the receiver answered 410 Gone, or
   * every attempt failed for RCR_WEBHOOK_DISABLE_AFTER. An admin can enable it again (PATCH).
   */
  'webhook-endpoint.disabled': z.object({
    endpointId: z.string(),
    reason: z.enum(['gone', 'failing']),
    /** Said for people: the status or the error that decided it. */
    detail: z.string(),
    /** Since when every attempt failed (null when a single 410 decided it). */
    failingSince: isoDate.nullable(),
    disabledAt: isoDate,
  }),
  /** An admin registered a webhook endpoint (never its secret). */
  'webhook-endpoint.created': webhookEndpointData,
  /** An admin changed a webhook endpoint (URL, events, description, enabled); its state after the change. */
  'webhook-endpoint.updated': webhookEndpointData,
  /** An admin gave an endpoint a new signing secret; the one it replaced signs too until the time given. */
  'webhook-endpoint.secret-rotated': z.object({
    endpointId: z.string(),
    version: z.number().int(),
    previousSecretExpiresAt: isoDate,
  }),
  /** An admin removed a webhook endpoint and its delivery log. */
  'webhook-endpoint.deleted': z.object({ endpointId: z.string(), version: z.number().int() }),
  'inventory.taken': inventoryTaken,
  'inventory.checked': inventoryChecked,
} as const;

export type EventType = keyof typeof EventPayloads;
export type EventData<T extends EventType> = z.infer<(typeof EventPayloads)[T]>;

/** Every event type in the catalog. */
export const EVENT_TYPES = Object.keys(EventPayloads) as EventType[];

/** The current version of every event type. */
export const EVENT_VERSION = 1;

/** Who a change was made for: the editor or admin whose call caused it, as the gateway vouched for them. */
export const EventActorSchema = z.object({ id: z.string().min(1), role: RoleSchema });
export type EventActor = z.infer<typeof EventActorSchema>;

/** The envelope every event travels in (CloudEvents-like). */
export interface RcrEvent<T extends EventType = EventType> {
  /** UUIDv7; also the bus de-duplication id. */
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  /** The service that emitted it. */
  source: string;
  /** The aggregate id the event is about. */
  subject: string;
  traceparent?: string;
  /**
   * Who the change was made for: the caller whose request caused it; null when the system made it on its
   * own (start-up, anti-entropy, a consumer reacting to another event); absent from older producers' events.
   */
  actor?: EventActor | null;
  data: EventData<T>;
}

export const EventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.number().int().positive(),
  occurredAt: isoDate,
  source: z.string().min(1),
  subject: z.string().min(1),
  traceparent: z.string().optional(),
  actor: EventActorSchema.nullable()
    .optional()
    .describe(
      'who the change was made for (the editor or admin whose request caused it); null when the system made it on its own; never sent to push clients',
    ),
  data: z.unknown(),
});

/** The envelope as read off the bus: any type name, so an event from a newer producer can be recognised and skipped. */
const ReceivedEnvelopeSchema = EventEnvelopeSchema.extend({ type: z.string().min(1).max(200) });

/** Thrown when an event does not match the catalog. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** Validates an envelope and its payload against the catalog; returns the typed event (used on publish). */
export function parseEvent(raw: unknown): RcrEvent {
  const envelope = EventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError(`invalid event envelope: ${envelope.error.message}`);
  const payload = EventPayloads[envelope.data.type].safeParse(envelope.data.data);
  if (!payload.success) {
    throw new InvalidEventError(`invalid ${envelope.data.type} payload: ${payload.error.message}`);
  }
  return { ...envelope.data, data: payload.data } as RcrEvent;
}

/** What a consumer makes of a received message (see `readEvent`). */
export type ReadEvent =
  | { kind: 'event'; event: RcrEvent }
  | { kind: 'unknown'; id: string; type: string; version: number }
  | { kind: 'invalid'; error: InvalidEventError };

/**
 * Reads an event received from the bus, forward-compatibly: unknown payload fields are dropped; a type this
 * catalog does not know, or a newer version of a known type (a breaking change), is `unknown` — to be
 * acknowledged and skipped, not treated as an error; anything else that does not match is `invalid`.
 */
export function readEvent(raw: unknown): ReadEvent {
  const envelope = ReceivedEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return {
      kind: 'invalid',
      error: new InvalidEventError(`invalid event envelope: ${envelope.error.message}`),
    };
  }
  const { id, type, version } = envelope.data;
  if (!(type in EventPayloads) || version > EVENT_VERSION) return { kind: 'unknown', id, type, version };
  const payload = EventPayloads[type as EventType].safeParse(envelope.data.data);
  if (!payload.success) {
    return {
      kind: 'invalid',
      error: new InvalidEventError(`invalid ${type} payload: ${payload.error.message}`),
    };
  }
  return { kind: 'event', event: { ...envelope.data, data: payload.data } as RcrEvent };
}

/** Narrows an event to one type. */
export function isEvent<T extends EventType>(event: RcrEvent, type: T): event is RcrEvent<T> {
  return event.type === type;
}
