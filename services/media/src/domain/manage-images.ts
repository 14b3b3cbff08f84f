import { newEvent, type Actor, type Emit, type Queryable } from '@rcr/platform';
import {
  deleteImage,
  deleteImagesOf,
  findImage,
  listImagesOf,
  type ImageRecord,
} from '../store/image-repository.ts';
import { findReview } from '../store/review-projection.ts';
import { SOURCE, type Caller, type MediaDeps } from './deps.ts';
import { mediaErrors } from './errors.ts';
import { reviewToChange } from './upload-image.ts';

/**
 * A review's images. Its author and admins see all of them (pending, ready, failed); anyone else sees
 * the ready ones of a published review, and a draft's images are not found for them.
 */
export async function listImages(
  deps: Pick<MediaDeps, 'db'>,
  caller: Caller,
  reviewId: string,
): Promise<ImageRecord[]> {
  const review = /^[\w-]{1,100}$/.test(reviewId) ? await findReview(deps.db, reviewId) : undefined;
  if (!review || review.deleted) throw mediaErrors.reviewNotFound();
  const actor = caller.actor;
  const editing = actor !== undefined && (actor.role === 'admin' || actor.id === review.authorId);
  if (!editing && !review.published) throw mediaErrors.reviewNotFound();
  const images = await listImagesOf(deps.db, reviewId);
  return editing ? images : images.filter((image) => image.status === 'ready');
}

/** Every bucket object of an image: its original and its renditions. */
function objectsOf(image: ImageRecord): string[] {
  return [image.originalKey, ...(image.renditions ?? []).map((r) => r.key)];
}

/** Removes objects of images whose rows are gone; a failure is logged (the objects are unreachable anyway). */
export async function removeObjects(
  deps: Pick<MediaDeps, 'bucket' | 'log'>,
  images: ImageRecord[],
): Promise<void> {
  await Promise.all(
    images.flatMap(objectsOf).map((key) =>
      deps.bucket.delete(key).catch((err: unknown) => {
        deps.log.warn({ err, key }, 'could not remove an object of a deleted image');
      }),
    ),
  );
}

function deletedEvent(image: ImageRecord, traceparent?: string | undefined) {
  return newEvent(
    SOURCE,
    'image.deleted',
    image.id,
    { imageId: image.id, reviewId: image.reviewId },
    traceparent,
  );
}

/**
 * Deletes an image of a review (its author or an admin): the row and `image.deleted` (audited) commit
 * together, then its original and renditions leave the bucket. Deleting it again: not found.
 */
export async function removeImage(
  deps: MediaDeps,
  caller: Caller,
  reviewId: string,
  imageId: string,
): Promise<void> {
  const actor: Actor | undefined = caller.actor;
  if (!actor) throw mediaErrors.unauthenticated();
  await reviewToChange({ ...deps, settings: { ...deps.settings, reviewWaitMs: 0 } }, actor, reviewId);
  const deleted = await deps.outbox.transaction(async (tx, emit) => {
    const image = await findImage(tx, imageId, true);
    if (!image || image.reviewId !== reviewId) throw mediaErrors.imageNotFound();
    await deleteImage(tx, image.id);
    await emit(deletedEvent(image, caller.traceparent));
    return image;
  });
  await removeObjects(deps, [deleted]);
}

/** A deleted review's images go with it (inside the projection's transaction); answers them. */
export async function deleteReviewImages(
  tx: Queryable,
  emit: Emit,
  reviewId: string,
): Promise<ImageRecord[]> {
  const images = await deleteImagesOf(tx, reviewId);
  for (const image of images) await emit(deletedEvent(image));
  return images;
}
