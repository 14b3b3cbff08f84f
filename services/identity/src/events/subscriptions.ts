import { AUDITED_EVENT_TYPES, type EventData, type EventType, type RcrEvent } from '@rcr/contracts';
import {
  Inbox,
  type Database,
  type EventBus,
  type Faults,
  type Logger,
  type Subscription,
} from '@rcr/platform';
import type { ChangedSubject } from '../domain/audit-change.ts';
import { recordChange } from '../domain/record-change.ts';

/** The consumer group of this service on the bus, and its name in the inbox. */
export const CONSUMER = 'identity';

/**
 * THE list of events the identity service consumes: every event that reports a change an editor or an
 * admin can make, for the audit log (the contracts' AUDITED_EVENT_TYPES, which the gateway's `action`
 * filter also takes). Not consumed: session.revoked (a consequence of a logout or of an account change
 * already audited), price.updated (partners), inventory.* (anti-entropy, the system's).
 */
export const CONSUMED_EVENTS = AUDITED_EVENT_TYPES;

/** An event type this service consumes. */
export type ConsumedEventType = (typeof CONSUMED_EVENTS)[number];

/** The payload without the fields that say which aggregate and version it is (not "changed fields"). */
function fieldsOf<T extends object>(data: T, omit: readonly (keyof T)[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !omit.includes(key as keyof T)));
}

const editor = (change: 'create' | 'update') => (data: EventData<'editor.updated'>) => ({
  kind: 'editor',
  id: data.editorId,
  change,
  version: data.version ?? null,
  fields: fieldsOf(data, ['editorId', 'version']),
});
const camera = (change: 'create' | 'update') => (data: EventData<'camera.updated'>) => ({
  kind: 'camera',
  id: data.cameraId,
  change,
  version: data.version,
  fields: fieldsOf(data, ['cameraId', 'version']),
});
const review = (change: 'create' | 'update') => (data: EventData<'review.updated'>) => ({
  kind: 'review',
  id: data.reviewId,
  change,
  version: data.version,
  fields: fieldsOf(data, ['reviewId', 'version', 'updatedAt']),
});

const endpoint = (change: 'create' | 'update') => (data: EventData<'webhook-endpoint.updated'>) => ({
  kind: 'webhook-endpoint',
  id: data.endpointId,
  change,
  version: data.version,
  fields: fieldsOf(data, ['endpointId', 'version']),
});

/** Event type → the aggregate it changed (exhaustive over CONSUMED_EVENTS, checked by the compiler). */
const SUBJECTS: { [T in ConsumedEventType]: (data: EventData<T>) => ChangedSubject } = {
  'editor.registered': editor('create'),
  'editor.updated': editor('update'),
  'camera.created': camera('create'),
  'camera.updated': camera('update'),
  'camera.deleted': (data) => ({
    kind: 'camera',
    id: data.cameraId,
    change: 'delete',
    version: data.version,
  }),
  'review.created': review('create'),
  'review.updated': review('update'),
  'review.published': review('update'),
  'review.unpublished': review('update'),
  'review.deleted': (data) => ({
    kind: 'review',
    id: data.reviewId,
    change: 'delete',
    version: data.version,
  }),
  // An image is never changed after its upload: created once, deleted once.
  'image.uploaded': (data) => ({
    kind: 'image',
    id: data.imageId,
    change: 'create',
    version: 1,
    fields: fieldsOf(data, ['imageId']),
  }),
  'image.deleted': (data) => ({ kind: 'image', id: data.imageId, change: 'delete', version: 2 }),
  // The key set has no version; the subject is the key that signs after the change.
  'signing-keys.changed': (data) => ({
    kind: 'signing-keys',
    id: data.activeKid,
    change: 'update',
    version: null,
  }),
  'webhook-endpoint.created': endpoint('create'),
  'webhook-endpoint.updated': endpoint('update'),
  // The secret itself is never in an event: the entry names the rotation and the old secret's overlap.
  'webhook-endpoint.secret-rotated': (data) => ({
    kind: 'webhook-endpoint',
    id: data.endpointId,
    change: 'update',
    version: data.version,
    fields: fieldsOf(data, ['endpointId', 'version']),
  }),
  'webhook-endpoint.deleted': (data) => ({
    kind: 'webhook-endpoint',
    id: data.endpointId,
    change: 'delete',
    version: data.version,
  }),
};

function isConsumed(type: EventType): type is ConsumedEventType {
  return (CONSUMED_EVENTS as readonly EventType[]).includes(type);
}

/** What handling an event did: `recorded` (appended to the audit log), `system` (no person made it), `duplicate`, `ignored`. */
export type HandleOutcome = 'recorded' | 'system' | 'duplicate' | 'ignored';

/**
 * Records one event in the audit log exactly once: the entry, the aggregate's snapshot and the inbox
 * record commit together, so a redelivered event (same id) appends nothing and reports `duplicate`.
 */
export async function handleEvent(inbox: Inbox, event: RcrEvent): Promise<HandleOutcome> {
  if (!isConsumed(event.type)) return 'ignored';
  const subject = (SUBJECTS[event.type] as (data: unknown) => ChangedSubject)(event.data);
  let outcome: HandleOutcome = 'duplicate';
  await inbox.apply(event, async (tx) => {
    outcome = (await recordChange(tx, event, subject)) ? 'recorded' : 'system';
  });
  return outcome;
}

/** The audit log's inbox (its consumer name is the group's). */
export function identityInbox(db: Database, options: { faults?: Faults } = {}): Inbox {
  return new Inbox(db, CONSUMER, options);
}

/** Subscribes the audit log to the bus; a failing event is thrown back to be retried. */
export function subscribeToEvents(
  bus: EventBus,
  db: Database,
  log: Logger,
  options: { faults?: Faults } = {},
): Promise<Subscription> {
  const inbox = identityInbox(db, options);
  return bus.subscribe({
    group: CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      try {
        const outcome = await handleEvent(inbox, event);
        log.debug({ eventId: event.id, type: event.type, subject: event.subject, outcome }, 'event audited');
      } catch (err) {
        log.warn({ err, eventId: event.id, type: event.type }, 'auditing event failed; it will be retried');
        throw err;
      }
    },
  });
}
