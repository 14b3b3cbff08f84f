import { z } from 'zod';
import { EventEnvelopeSchema, EventPayloads, EVENT_VERSION, type EventType } from './events.ts';
import { PUSHED_EVENT_TYPES, WsClientMessageSchema, WsServerMessageSchema } from './push.ts';

const descriptions: Record<EventType, string> = {
  'editor.registered': 'An admin created an editor account (or the bootstrap admin was created).',
  'editor.updated': 'An editor account changed (name, role, active flag).',
  'camera.created': 'A camera was added to the catalogue.',
  'camera.updated': 'A camera changed.',
  'camera.deleted': 'A camera was removed from the catalogue.',
  'review.created': 'An editor created a draft review.',
  'review.updated': 'A review changed (draft or published); full snapshot.',
  'review.published': 'A review became public; full snapshot.',
  'review.unpublished': 'A review went back to draft; full snapshot.',
  'review.deleted': 'A review was deleted.',
  'session.revoked':
    'Access tokens of one session (or, with sessionId null, of every session of an editor) issued before revokedAt must no longer be accepted: logout, deactivation, role or password change.',
  'signing-keys.changed':
    'The set of keys that sign access tokens changed (rotation or retirement); verifiers refetch the JWK Set.',
  'price.updated':
    'A partner reported a retailer street price for a camera through the signed inbound price feed (latest per camera and retailer wins).',
  'job.requested':
    'Internal work queue: a job (an export or a comparison report) was asked for; a worker of the jobs service takes it (redelivered if the worker dies).',
  'job.progress':
    "A running job's progress (0-100); pushed to the job's owner only (topic/room user:<ownerId>).",
  'job.completed':
    'A job finished; its result is in the bucket and GET /v1/jobs/{id} gives a signed link. Pushed to the owner only; webhook endpoints may subscribe.',
  'job.failed':
    'A job gave up after its attempts ran out (or its input can never succeed), with the reason. Pushed to the owner only; webhook endpoints may subscribe.',
  'image.uploaded':
    'An editor or admin uploaded an image to a review; the original is kept private and a worker of the media service makes its public renditions (redelivered if the worker dies).',
  'image.ready':
    "An image's public renditions (display size and thumbnail) are stored; the review's image list gives signed links to them.",
  'image.deleted': 'An image was removed from a review (its original and renditions are deleted too).',
  'webhook-endpoint.disabled':
    'The webhooks service stopped delivering to an endpoint by itself: the receiver answered 410 Gone, or every attempt failed for the configured time (5 days by default).',
  'webhook-endpoint.created':
    'An admin registered a webhook endpoint (its settings, never its secret); recorded in the audit log.',
  'webhook-endpoint.updated':
    'An admin changed a webhook endpoint; its settings after the change. Recorded in the audit log.',
  'webhook-endpoint.secret-rotated':
    'An admin gave a webhook endpoint a new signing secret (the old one signs too until previousSecretExpiresAt); recorded in the audit log.',
  'webhook-endpoint.deleted': 'An admin removed a webhook endpoint; recorded in the audit log.',
  'inventory.taken':
    'Anti-entropy: the owner of reviews and cameras lists one range of its aggregates (id, version, public or not) for the read model to compare.',
  'inventory.checked':
    'Anti-entropy: the read model reports the drift it found in one inventory range; the owner repairs it by re-emitting snapshots.',
};

/**
 * The AsyncAPI 3.0 document of the event catalog, generated from the zod schemas (the single source):
 * one channel per event type on the NATS subject `<namespace>.events.<type>`.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const envelope = z.toJSONSchema(EventEnvelopeSchema.omit({ data: true }), { io: 'output' }) as Record<
    string,
    unknown
  >;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(EventPayloads) as [EventType, z.ZodType][]) {
    const key = type.replace('.', '_');
    const envelopeProps = (envelope.properties ?? {}) as Record<string, unknown>;
    messages[key] = {
      name: type,
      title: type,
      summary: descriptions[type],
      contentType: 'application/json',
      payload: {
        type: 'object',
        required: [...((envelope.required as string[]) ?? []), 'data'],
        properties: {
          ...envelopeProps,
          type: { const: type },
          version: { const: EVENT_VERSION },
          data: z.toJSONSchema(schema, { io: 'output' }),
        },
      },
    };
    channels[key] = {
      address: `{namespace}.events.${type}`,
      parameters: { namespace: { default: 'rcr' } },
      servers: [{ $ref: '#/servers/nats' }],
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    operations[`on_${key}`] = { action: 'receive', channel: { $ref: `#/channels/${key}` } };
  }
  Object.assign(channels, pushChannels());
  Object.assign(operations, pushOperations());
  Object.assign(messages, pushMessages());
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'rcr events',
      version: '1.0.0',
      description:
        "Events exchanged between rcr services over the bus (NATS JetStream stream `<namespace>-events`), and the push channels the gateway offers clients: Socket.IO rooms, Server-Sent Events and a plain WebSocket, each carrying the pushed events. Delivery on the bus is at-least-once; the event `id` is the de-duplication id; consumers must be idempotent. SSE and WebSocket messages carry the event's position in the log, the same on every gateway, to resume from.",
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: 'localhost:4222',
        protocol: 'nats',
        description: 'NATS with JetStream (between services)',
      },
      gateway: { host: 'localhost:3000', protocol: 'http', description: 'The gateway: Server-Sent Events' },
      'gateway-ws': {
        host: 'localhost:3000',
        protocol: 'ws',
        description: 'The gateway: Socket.IO (path /socket.io) and the plain WebSocket (/v1/ws)',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

const ref = (path: string) => ({ $ref: path });
const pushedMessageRefs = () =>
  Object.fromEntries(
    PUSHED_EVENT_TYPES.map((type) => {
      const key = type.replace('.', '_');
      return [key, ref(`#/components/messages/${key}`)];
    }),
  );
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });

/** The gateway's push channels; each carries the pushed events (PUSHED_EVENT_TYPES). */
function pushChannels(): Record<string, unknown> {
  return {
    sse: {
      address: '/v1/events',
      title: 'Server-Sent Events',
      description:
        "GET /v1/events?topics=feed,camera:<id>,editor:<id>,user:<your id> (text/event-stream); editor and user topics need a bearer token, a user topic only that user's (job.* events go there only). Each message: `id` = log position, `event` = the event type, `data` = the event as JSON. Reconnect with Last-Event-ID (or ?lastEventId=) to resume with no gap and no duplicate; `event: reset` when the position is no longer kept; `: keep-alive` comments.",
      servers: [ref('#/servers/gateway')],
      messages: { ...pushedMessageRefs(), reset: ref('#/components/messages/sse_reset') },
    },
    socketio: {
      address: '/socket.io',
      title: 'Socket.IO rooms',
      description:
        'Socket.IO (namespace /): emit `subscribe` {room: "feed" | "camera:<id>" | "editor:<id>" | "user:<your id>"} (editor and user rooms need auth.token; a user room only that user\'s, where job.* events go) and get each event of the room as a Socket.IO event named by its type. Connection-state recovery: a client that drops for up to two minutes gets what it missed, on any gateway.',
      servers: [ref('#/servers/gateway-ws')],
      messages: { ...pushedMessageRefs(), subscribe: ref('#/components/messages/socketio_subscribe') },
    },
    ws: {
      address: '/v1/ws',
      title: 'Plain WebSocket',
      description:
        'RFC 6455 WebSocket, one JSON object per text frame: the client sends auth/subscribe/unsubscribe/ping, the server sends event/subscribed/authenticated/pong/reset/error. The first subscribe may carry `after` (an event id) to resume like Last-Event-ID.',
      servers: [ref('#/servers/gateway-ws')],
      messages: {
        ws_client: ref('#/components/messages/ws_client'),
        ws_server: ref('#/components/messages/ws_server'),
      },
    },
  };
}

function pushOperations(): Record<string, unknown> {
  const pushed = (channel: string) =>
    PUSHED_EVENT_TYPES.map((type) => ref(`#/channels/${channel}/messages/${type.replace('.', '_')}`));
  return {
    push_sse: {
      action: 'send',
      channel: ref('#/channels/sse'),
      messages: [...pushed('sse'), ref('#/channels/sse/messages/reset')],
    },
    push_socketio: { action: 'send', channel: ref('#/channels/socketio'), messages: pushed('socketio') },
    subscribe_socketio: {
      action: 'receive',
      channel: ref('#/channels/socketio'),
      messages: [ref('#/channels/socketio/messages/subscribe')],
    },
    push_ws: {
      action: 'send',
      channel: ref('#/channels/ws'),
      messages: [ref('#/channels/ws/messages/ws_server')],
    },
    receive_ws: {
      action: 'receive',
      channel: ref('#/channels/ws'),
      messages: [ref('#/channels/ws/messages/ws_client')],
    },
  };
}

function pushMessages(): Record<string, unknown> {
  return {
    sse_reset: {
      name: 'reset',
      title: 'reset',
      summary: 'The Last-Event-ID is not kept (or unknown): refetch, then the stream goes on after this id.',
      payload: json(
        z.object({ reason: z.enum(['position-expired', 'position-unknown']), position: z.number().int() }),
      ),
    },
    socketio_subscribe: {
      name: 'subscribe',
      title: 'subscribe',
      summary: 'Join a room; acknowledged with {ok, room} or {ok: false, error}.',
      payload: json(z.object({ room: z.string().max(140) })),
    },
    ws_client: { name: 'client message', title: 'client message', payload: json(WsClientMessageSchema) },
    ws_server: { name: 'server message', title: 'server message', payload: json(WsServerMessageSchema) },
  };
}
