import type { EventData, RcrEvent } from '@rcr/contracts';
import { newEvent } from '@rcr/platform';
import type { Camera } from '../domain/camera-rules.ts';
import type { Review } from '../domain/review-rules.ts';

/** The source name stamped on every event this service emits. */
export const SOURCE = 'reviews';

/** The full snapshot carried by every review event, so consumers never need to ask for more. */
function reviewData(review: Review): EventData<'review.published'> {
  return { reviewId: review.id, ...omitId(review) };
}

function omitId(review: Review) {
  return {
    slug: review.slug,
    cameraId: review.cameraId,
    authorId: review.authorId,
    title: review.title,
    body: review.body,
    rating: review.rating,
    pros: review.pros,
    cons: review.cons,
    verdict: review.verdict,
    language: review.language,
    status: review.status,
    publishedAt: review.publishedAt,
    updatedAt: review.updatedAt,
    version: review.version,
  };
}

/** review.created / updated / published / unpublished, built from the review after the change. */
export function reviewEvent(
  type: 'review.created' | 'review.updated' | 'review.published' | 'review.unpublished',
  review: Review,
  traceparent?: string,
): RcrEvent {
  return newEvent(SOURCE, type, review.id, reviewData(review), traceparent);
}

/** review.deleted. */
export function reviewDeletedEvent(review: Review, traceparent?: string): RcrEvent {
  return newEvent(
    SOURCE,
    'review.deleted',
    review.id,
    {
      reviewId: review.id,
      cameraId: review.cameraId,
      authorId: review.authorId,
      version: review.version + 1,
      status: review.status,
    },
    traceparent,
  );
}

/** camera.created / camera.updated. */
export function cameraEvent(
  type: 'camera.created' | 'camera.updated',
  camera: Camera,
  traceparent?: string,
): RcrEvent {
  return newEvent(
    SOURCE,
    type,
    camera.id,
    {
      cameraId: camera.id,
      brand: camera.brand,
      model: camera.model,
      type: camera.type,
      specs: camera.specs,
      version: camera.version,
    },
    traceparent,
  );
}

/** camera.deleted. */
export function cameraDeletedEvent(camera: Camera, traceparent?: string): RcrEvent {
  return newEvent(
    SOURCE,
    'camera.deleted',
    camera.id,
    { cameraId: camera.id, version: camera.version + 1 },
    traceparent,
  );
}
