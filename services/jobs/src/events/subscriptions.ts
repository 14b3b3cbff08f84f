import type { EventType, RcrEvent } from '@rcr/contracts';
import {
  Inbox,
  type Database,
  type EventBus,
  type Logger,
  type Queryable,
  type Subscription,
} from '@rcr/platform';
import {
  projectCamera,
  projectReview,
  type CameraEvent,
  type ReviewEvent,
} from '../domain/project-review.ts';
import {
  findCameraVersion,
  findReviewVersion,
  markCameraDeleted,
  markReviewDeleted,
  upsertCamera,
  upsertReview,
} from '../store/review-projection.ts';
import { markImageDeleted, upsertReadyImage } from '../store/image-projection.ts';

/** The consumer group (and inbox name) of the export's projection. */
export const PROJECTION_CONSUMER = 'jobs';

/** THE list of events that feed the export's projection of reviews, cameras and review images. */
export const CONSUMED_EVENTS = [
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
  'image.ready',
  'image.deleted',
] as const satisfies readonly EventType[];

/** An event type the projection consumes. */
export type ConsumedEventType = (typeof CONSUMED_EVENTS)[number];

type Projection<T extends EventType> = (tx: Queryable, event: RcrEvent<T>) => Promise<string>;

async function applyReview(tx: Queryable, event: ReviewEvent): Promise<string> {
  const decision = projectReview(event, await findReviewVersion(tx, event.data.reviewId));
  if (decision.action === 'upsert') await upsertReview(tx, decision.row);
  if (decision.action === 'mark-deleted') await markReviewDeleted(tx, decision.id, decision.version);
  return decision.action;
}

async function applyCamera(tx: Queryable, event: CameraEvent): Promise<string> {
  const decision = projectCamera(event, await findCameraVersion(tx, event.data.cameraId));
  if (decision.action === 'upsert') await upsertCamera(tx, decision.row);
  if (decision.action === 'mark-deleted') await markCameraDeleted(tx, decision.id, decision.version);
  return decision.action;
}

/**
 * A ready image's display rendition, for zips. Events written before ADR 0032 carry no rendition keys:
 * such an image is not bundled (`skip`).
 */
async function applyImageReady(tx: Queryable, event: RcrEvent<'image.ready'>): Promise<string> {
  const display = event.data.renditions.find((rendition) => rendition.name === 'display');
  if (!display?.key) return 'skip';
  const { imageId, reviewId } = event.data;
  const { key, width, height } = display;
  const stored = await upsertReadyImage(tx, {
    imageId,
    reviewId,
    displayKey: key,
    width,
    height,
    readyAt: event.occurredAt,
  });
  return stored ? 'upsert' : 'skip';
}

async function applyImageDeleted(tx: Queryable, event: RcrEvent<'image.deleted'>): Promise<string> {
  await markImageDeleted(tx, event.data.imageId, event.data.reviewId);
  return 'mark-deleted';
}

/** Event type → its effect on the projection (exhaustive over CONSUMED_EVENTS, checked by the compiler). */
const PROJECTIONS: { [T in ConsumedEventType]: Projection<T> } = {
  'camera.created': applyCamera,
  'camera.updated': applyCamera,
  'camera.deleted': applyCamera,
  'review.published': applyReview,
  'review.updated': applyReview,
  'review.unpublished': applyReview,
  'review.deleted': applyReview,
  'image.ready': applyImageReady,
  'image.deleted': applyImageDeleted,
};

/** Subscribes the projection to the bus; each event's effect and inbox row commit together. */
export function subscribeProjection(bus: EventBus, db: Database, log: Logger): Promise<Subscription> {
  const inbox = new Inbox(db, PROJECTION_CONSUMER);
  return bus.subscribe({
    group: PROJECTION_CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      const project = PROJECTIONS[event.type as ConsumedEventType] as Projection<EventType> | undefined;
      if (!project) return;
      let outcome = 'duplicate';
      await inbox.apply(event, async (tx) => {
        outcome = await project(tx, event);
      });
      log.debug({ eventId: event.id, type: event.type, outcome }, 'export projection updated');
    },
  });
}
