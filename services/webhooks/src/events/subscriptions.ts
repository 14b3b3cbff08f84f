import { WEBHOOK_EVENT_TYPES, type RcrEvent, type WebhookEventType } from '@rcr/contracts';
import {
  activeTraceparent,
  Inbox,
  newId,
  type EventBus,
  type Faults,
  type Queryable,
  type Subscription,
} from '@rcr/platform';
import { nextAttemptDelay } from '../domain/delivery-policy.ts';
import { SOURCE, type WebhooksDeps } from '../domain/service-deps.ts';
import { webhookBodyOf } from '../domain/webhook-payload.ts';
import { insertDeliveries } from '../store/delivery-repository.ts';
import { subscribedEndpoints } from '../store/endpoint-repository.ts';

/** The consumer group of this service on the bus, and its name in the inbox. */
export const CONSUMER = SOURCE;

/** THE list of events the webhooks service consumes: the ones endpoints may subscribe to. */
export const CONSUMED_EVENTS = WEBHOOK_EVENT_TYPES;

/** An event type this service consumes. */
export type ConsumedEventType = WebhookEventType;

/** How many deliveries an event became (0 when no enabled endpoint wants it, or it is not for partners). */
type Effect<T extends ConsumedEventType> = (
  tx: Queryable,
  event: RcrEvent<T>,
  deps: WebhooksDeps,
) => Promise<number>;

/** One delivery per enabled endpoint subscribed to the event (that existed when it happened), due now. */
async function createDeliveries(
  tx: Queryable,
  event: RcrEvent<ConsumedEventType>,
  deps: WebhooksDeps,
): Promise<number> {
  const body = webhookBodyOf(event);
  if (body === undefined) return 0;
  const endpoints = await subscribedEndpoints(tx, event.type, event.occurredAt);
  return insertDeliveries(
    tx,
    endpoints.map((endpointId) => ({ id: newId(), endpointId })),
    // The consumer's span: the worker continues the trace from the row when it sends (ADR 0031).
    { id: event.id, type: event.type, body, traceparent: activeTraceparent() },
    nextAttemptDelay(0, deps.policy.retrySchedule) ?? 0,
  );
}

/** Event type → its effect (exhaustive over CONSUMED_EVENTS, checked by the compiler): every one is delivered. */
const EFFECTS: { [T in ConsumedEventType]: Effect<T> } = {
  'review.published': createDeliveries,
  'review.updated': createDeliveries,
  'review.unpublished': createDeliveries,
  'review.deleted': createDeliveries,
  'camera.created': createDeliveries,
  'camera.updated': createDeliveries,
  'camera.deleted': createDeliveries,
  'price.updated': createDeliveries,
  'job.completed': createDeliveries,
  'job.failed': createDeliveries,
};

function isConsumed(event: RcrEvent): event is RcrEvent<ConsumedEventType> {
  return (CONSUMED_EVENTS as readonly string[]).includes(event.type);
}

/**
 * Turns one event into its deliveries exactly once: the deliveries and the inbox record commit together,
 * so a redelivered event (same id) creates nothing more. Returns how many deliveries it created.
 */
export async function handleEvent(inbox: Inbox, event: RcrEvent, deps: WebhooksDeps): Promise<number> {
  if (!isConsumed(event)) return 0;
  const effect = EFFECTS[event.type] as Effect<ConsumedEventType>;
  let created = 0;
  await inbox.apply(event, async (tx) => {
    created = await effect(tx, event, deps);
  });
  return created;
}

/** Subscribes the service to the bus; a failing event is thrown back to be retried. */
export function subscribeToEvents(
  bus: EventBus,
  deps: WebhooksDeps,
  options: { faults?: Faults } = {},
): Promise<Subscription> {
  const inbox = new Inbox(deps.db, CONSUMER, { faults: options.faults });
  return bus.subscribe({
    group: CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      try {
        const created = await handleEvent(inbox, event, deps);
        if (created > 0) deps.wakeWorker();
        deps.log.debug(
          { eventId: event.id, type: event.type, deliveries: created },
          'event turned into deliveries',
        );
      } catch (err) {
        deps.log.warn(
          { err, eventId: event.id, type: event.type },
          'creating deliveries failed; it will be retried',
        );
        throw err;
      }
    },
  });
}
