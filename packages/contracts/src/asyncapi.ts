import { z } from 'zod';
import { EventEnvelopeSchema, EventPayloads, EVENT_VERSION, type EventType } from './events.ts';

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
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    operations[`on_${key}`] = { action: 'receive', channel: { $ref: `#/channels/${key}` } };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'rcr events',
      version: '1.0.0',
      description:
        'Events exchanged between rcr services over the bus (NATS JetStream stream `<namespace>-events`). Delivery is at-least-once; the event `id` is the de-duplication id; consumers must be idempotent.',
    },
    defaultContentType: 'application/json',
    servers: { nats: { host: 'localhost:4222', protocol: 'nats', description: 'NATS with JetStream' } },
    channels,
    operations,
    components: { messages },
  };
}
