import { isEvent, type EventType } from '@rcr/contracts';
import {
  Inbox,
  type EventBus,
  type Logger,
  type Outbox,
  type Subscription,
  type Database,
} from '@rcr/platform';
import type { MediaDeps } from '../domain/deps.ts';
import { deleteReviewImages, removeObjects } from '../domain/manage-images.ts';
import type { ImageRecord } from '../store/image-repository.ts';
import { upsertReview } from '../store/review-projection.ts';

/** The consumer group (and inbox name) of the media service's projection of reviews. */
export const PROJECTION_CONSUMER = 'media';

/** THE list of events that feed the projection: who wrote each review, whether it is public or gone. */
export const CONSUMED_EVENTS = [
  'review.created',
  'review.updated',
  'review.published',
  'review.unpublished',
  'review.deleted',
] as const satisfies readonly EventType[];

/**
 * Subscribes the projection: each review event's effect and inbox row commit together; an event older
 * than what is stored changes nothing. A deleted review's images are deleted with it (`image.deleted`,
 * the system's), their objects after the commit.
 */
export function subscribeProjection(
  bus: EventBus,
  db: Database,
  outbox: Outbox,
  deps: Pick<MediaDeps, 'bucket' | 'log'>,
  log: Logger,
): Promise<Subscription> {
  const inbox = new Inbox(db, PROJECTION_CONSUMER, { outbox });
  return bus.subscribe({
    group: PROJECTION_CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      let gone: ImageRecord[] = [];
      await inbox.apply(event, async (tx, emit) => {
        if (isEvent(event, 'review.deleted')) {
          const { reviewId, authorId, version } = event.data;
          if (await upsertReview(tx, { reviewId, authorId, version, published: false, deleted: true })) {
            gone = await deleteReviewImages(tx, emit, reviewId);
          }
          return;
        }
        if (
          isEvent(event, 'review.created') ||
          isEvent(event, 'review.updated') ||
          isEvent(event, 'review.published') ||
          isEvent(event, 'review.unpublished')
        ) {
          const { reviewId, authorId, version, status } = event.data;
          await upsertReview(tx, {
            reviewId,
            authorId,
            version,
            published: status === 'published',
            deleted: false,
          });
        }
      });
      if (gone.length > 0) await removeObjects(deps, gone);
      log.debug(
        { eventId: event.id, type: event.type, imagesDeleted: gone.length },
        'media projection updated',
      );
    },
  });
}
