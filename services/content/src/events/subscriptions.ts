import type { EventType, RcrEvent } from '@rcr/contracts';
import {
  Inbox,
  newEvent,
  type Database,
  type Emit,
  type EventBus,
  type Faults,
  type Logger,
  type Outbox,
  type Queryable,
  type Subscription,
} from '@rcr/platform';
import { watermarkOf, type Watermark } from '../domain/await-versions.ts';
import { checkInventory } from '../domain/check-inventory.ts';
import { projectCamera, type CameraEvent } from '../domain/project-camera.ts';
import { projectEditor, type EditorEvent } from '../domain/project-editor.ts';
import { priceClearanceOf, projectPrice, type PriceSkipReason } from '../domain/project-price.ts';
import { projectReview, type ReviewEvent, type SkipReason } from '../domain/project-review.ts';
import { findCameraVersion, markCameraDeleted, upsertCamera } from '../store/camera-repository.ts';
import {
  findStoredReview,
  removeContent,
  rerenderContent,
  upsertContent,
} from '../store/content-repository.ts';
import { insertReadyImage, markImageDeleted } from '../store/image-repository.ts';
import { upsertEditor } from '../store/editor-repository.ts';
import {
  clearStreetPrices,
  findPriceState,
  lockCameraPrices,
  upsertStreetPrice,
} from '../store/price-repository.ts';
import { syncCameraReviews, syncSearchIndex } from '../store/search-vocabulary.ts';
import { knownInRange } from '../store/inventory-repository.ts';

/** The consumer group of this service on the bus, and its name in the inbox. */
export const CONSUMER = 'content';

/** THE list of events the content service consumes; nothing else changes its read model. */
export const CONSUMED_EVENTS = [
  'editor.registered',
  'editor.updated',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
  'price.updated',
  'inventory.taken',
  'image.ready',
  'image.deleted',
] as const satisfies readonly EventType[];

/** An event type this service consumes. */
export type ConsumedEventType = (typeof CONSUMED_EVENTS)[number];

/** What handling an event did: the projection's action or skip reason, `duplicate` (inbox hit) or `ignored`. */
export type HandleOutcome =
  | 'upsert'
  | 'remove'
  | 'mark-deleted'
  | `skip:${SkipReason | PriceSkipReason}`
  | 'checked'
  | 'duplicate'
  | 'ignored';

type Projection<T extends EventType> = (
  tx: Queryable,
  event: RcrEvent<T>,
  emit: Emit,
) => Promise<HandleOutcome>;

async function applyEditor(tx: Queryable, event: EditorEvent): Promise<HandleOutcome> {
  await upsertEditor(tx, projectEditor(event));
  return 'upsert';
}

async function applyCamera(tx: Queryable, event: CameraEvent): Promise<HandleOutcome> {
  const decision = projectCamera(event, await findCameraVersion(tx, event.data.cameraId));
  if (decision.action === 'upsert') await upsertCamera(tx, decision.row);
  if (decision.action === 'mark-deleted') await markCameraDeleted(tx, decision.cameraId, decision.version);
  // The camera's name is in its reviews' documents and its brand decides their brand counter.
  if (decision.action !== 'skip') await syncCameraReviews(tx, event.data.cameraId);
  // Its prices go with it, also when the deletion is stale for the camera row (a newer camera.created
  // came first): what a deletion removes must not depend on the order events arrive in.
  if (event.type === 'camera.deleted') {
    const clearance = priceClearanceOf(event);
    await lockCameraPrices(tx, clearance.cameraId);
    await clearStreetPrices(tx, clearance.cameraId, clearance.upTo);
  }
  return decision.action === 'skip' ? `skip:${decision.reason}` : decision.action;
}

async function applyPrice(tx: Queryable, event: RcrEvent<'price.updated'>): Promise<HandleOutcome> {
  const { cameraId, retailer } = event.data;
  await lockCameraPrices(tx, cameraId);
  const { stored, clearedAt } = await findPriceState(tx, cameraId, retailer);
  const decision = projectPrice(event, stored, clearedAt);
  if (decision.action === 'upsert') await upsertStreetPrice(tx, decision.row);
  return decision.action === 'skip' ? `skip:${decision.reason}` : decision.action;
}

async function applyReview(tx: Queryable, event: ReviewEvent): Promise<HandleOutcome> {
  const decision = projectReview(event, await findStoredReview(tx, event.data.reviewId));
  if (decision.action === 'upsert') await upsertContent(tx, decision.row);
  if (decision.action === 'remove') await removeContent(tx, decision.reviewId, decision.version);
  // Search vocabulary and list counters follow the content row in the same transaction.
  if (decision.action !== 'skip') await syncSearchIndex(tx, [event.data.reviewId]);
  return decision.action === 'skip' ? `skip:${decision.reason}` : decision.action;
}

/** Compares one part of the owner's inventory with the read model and reports the drift (anti-entropy). */
async function checkInventoryPart(
  tx: Queryable,
  event: RcrEvent<'inventory.taken'>,
  emit: Emit,
): Promise<HandleOutcome> {
  const { runId, kind, part, after, until, items } = event.data;
  const known = await knownInRange(tx, kind, after, until);
  const drift = checkInventory(items, known);
  await emit(
    newEvent(CONSUMER, 'inventory.checked', runId, { runId, kind, part, checked: known.length, drift }),
  );
  return 'checked';
}

/**
 * A ready image joins its review's public JSON (re-rendered in the same transaction when the review is
 * public; otherwise it shows once the review is published).
 */
async function applyImageReady(tx: Queryable, event: RcrEvent<'image.ready'>): Promise<HandleOutcome> {
  const { imageId, reviewId, renditions } = event.data;
  const display = renditions.find((rendition) => rendition.name === 'display');
  const thumbnail = renditions.find((rendition) => rendition.name === 'thumbnail');
  if (!display || !thumbnail) return 'ignored';
  const stored = await insertReadyImage(tx, {
    id: imageId,
    reviewId,
    width: display.width,
    height: display.height,
    thumbnail: { width: thumbnail.width, height: thumbnail.height },
    readyAt: event.occurredAt,
  });
  if (!stored) return 'skip:stale';
  await rerenderContent(tx, 'c.review_id = $1', [reviewId]);
  return 'upsert';
}

/** A deleted image leaves its review's public JSON (and can never come back: a tombstone stays). */
async function applyImageDeleted(tx: Queryable, event: RcrEvent<'image.deleted'>): Promise<HandleOutcome> {
  const { imageId, reviewId } = event.data;
  const shown = await markImageDeleted(tx, imageId, reviewId);
  if (shown) await rerenderContent(tx, 'c.review_id = $1', [reviewId]);
  return 'remove';
}

/** Event type → its effect on the read model (exhaustive over CONSUMED_EVENTS, checked by the compiler). */
const PROJECTIONS: { [T in ConsumedEventType]: Projection<T> } = {
  'editor.registered': applyEditor,
  'editor.updated': applyEditor,
  'camera.created': applyCamera,
  'camera.updated': applyCamera,
  'camera.deleted': applyCamera,
  'review.published': applyReview,
  'review.updated': applyReview,
  'review.unpublished': applyReview,
  'review.deleted': applyReview,
  'price.updated': applyPrice,
  'inventory.taken': checkInventoryPart,
  'image.ready': applyImageReady,
  'image.deleted': applyImageDeleted,
};

function isConsumed(type: EventType): type is ConsumedEventType {
  return (CONSUMED_EVENTS as readonly EventType[]).includes(type);
}

/** Told, once an event's transaction has committed, the entity version the read model now holds. */
export type AppliedListener = (mark: Watermark) => void;

/**
 * Applies one event to the read model exactly once: the effect and the inbox record commit together,
 * so a redelivered event (same id) changes nothing and reports `duplicate`. After the commit it tells
 * `onApplied` the review or camera version the read model now holds (read-your-writes waits end on it);
 * a stale or duplicate event counts too, since the stored version is then at least the event's.
 */
export async function handleEvent(
  inbox: Inbox,
  event: RcrEvent,
  onApplied?: AppliedListener,
): Promise<HandleOutcome> {
  if (!isConsumed(event.type)) return 'ignored';
  const project = PROJECTIONS[event.type] as Projection<EventType>;
  const result: { outcome: HandleOutcome } = { outcome: 'duplicate' };
  await inbox.apply(event, async (tx, emit) => {
    result.outcome = await project(tx, event, emit);
  });
  onApplied?.(watermarkOf(event));
  return result.outcome;
}

/** The read model's inbox (its consumer name is the group's); drift reports leave through the outbox. */
export function contentInbox(db: Database, options: { outbox?: Outbox; faults?: Faults } = {}): Inbox {
  return new Inbox(db, CONSUMER, options);
}

/** Subscribes the read model to the bus; a failing event is thrown back to be retried. */
export function subscribeToEvents(
  bus: EventBus,
  db: Database,
  log: Logger,
  options: { outbox: Outbox; faults?: Faults; onApplied?: AppliedListener },
): Promise<Subscription> {
  const inbox = contentInbox(db, options);
  return bus.subscribe({
    group: CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      try {
        const outcome = await handleEvent(inbox, event, options.onApplied);
        log.debug(
          { eventId: event.id, type: event.type, subject: event.subject, outcome },
          'event projected',
        );
      } catch (err) {
        log.warn({ err, eventId: event.id, type: event.type }, 'projecting event failed; it will be retried');
        throw err;
      }
    },
  });
}
