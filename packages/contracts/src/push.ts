import { z } from 'zod';
import type { EventType, RcrEvent } from './events.ts';

/**
 * The events pushed to clients (Socket.IO rooms, SSE, plain WebSocket): review publication changes (a
 * published review's deletion included, so a page showing it can drop it), the camera catalogue, and the
 * caller's own jobs (`job.*`, to the owner's `user:<id>` topic only). One list for every push channel and
 * for the AsyncAPI document.
 */
export const PUSHED_EVENT_TYPES = [
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'job.progress',
  'job.completed',
  'job.failed',
] as const satisfies readonly EventType[];

/**
 * An event as push clients receive it: the envelope without `actor` (who made a change is shown to admins
 * only, in the audit log), the rest as published.
 */
export function pushedEvent(event: RcrEvent): RcrEvent {
  if (event.actor === undefined) return event;
  const { actor: _actor, ...shown } = event;
  return shown;
}

/** Most topics (rooms) one stream may follow. */
export const MAX_TOPICS = 20;

/**
 * `feed`, `camera:<camera id>`, `editor:<editor id>` (that editor or an admin) or `user:<user id>` (that
 * user only, not even an admin: their own jobs' events).
 */
export const TOPIC_PATTERN =
  /^(feed|camera:[a-z0-9][a-z0-9-]{0,99}|(?:editor|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The private topic of one user: their jobs' events go there and nowhere else. */
export const USER_TOPIC_PREFIX = 'user:';

/** A stream position: the `id` of an event received (SSE `Last-Event-ID`, WebSocket `after`). */
export const POSITION_PATTERN = /^\d{1,15}$/;

const Topic = z
  .string()
  .regex(TOPIC_PATTERN, 'a topic is feed, camera:<camera id>, editor:<editor id> or user:<your id>');
const Topics = z.array(Topic).min(1).max(MAX_TOPICS);

/** Messages a plain WebSocket client (`/v1/ws`) sends; one JSON object per text frame. */
export const WsClientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('auth'), token: z.string() })
    .describe('Authenticate for editor and user topics; before the first subscribe.'),
  z
    .object({
      type: z.literal('subscribe'),
      topics: Topics,
      after: z
        .string()
        .regex(POSITION_PATTERN, 'the id of an event received')
        .optional()
        .describe('first subscribe only: resume after this event id, like Last-Event-ID'),
    })
    .describe('Follow topics; the first subscribe starts the stream.'),
  z.object({ type: z.literal('unsubscribe'), topics: Topics }).describe('Stop following topics.'),
  z.object({ type: z.literal('ping') }).describe('Answered by pong.'),
]);
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** Messages the server sends on `/v1/ws`. */
export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('event'),
      id: z.string().describe('the position in the event log; resume after it'),
      event: z.enum(PUSHED_EVENT_TYPES),
      data: z.record(z.string(), z.unknown()).describe('the event envelope'),
    })
    .describe('An event of a followed topic.'),
  z.object({ type: z.literal('subscribed'), topics: z.array(z.string()) }),
  z.object({ type: z.literal('authenticated'), editorId: z.string() }),
  z.object({ type: z.literal('pong') }),
  z
    .object({
      type: z.literal('reset'),
      reason: z.enum(['position-expired', 'position-unknown']),
      position: z.string(),
    })
    .describe('The position asked is not kept: refetch, then the stream goes on after `position`.'),
  z
    .object({ type: z.enum(['auth.expired', 'auth.revoked']) })
    .describe('The token ended; the socket closes.'),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
