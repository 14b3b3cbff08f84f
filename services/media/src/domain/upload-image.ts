import { createHash, randomBytes } from 'node:crypto';
import type { MediaV1 } from '@rcr/contracts';
import { newEvent, newId, type Actor } from '@rcr/platform';
import { insertImage, type ImageRecord } from '../store/image-repository.ts';
import { findReview, type ReviewOwner } from '../store/review-projection.ts';
import { SOURCE, type Caller, type MediaDeps } from './deps.ts';
import { mediaErrors } from './errors.ts';
import { inspectImage } from './inspect-image.ts';
import { readUpload, readUploadMeta } from './read-upload.ts';

/** A random storage name: 144 bits, URL- and key-safe, unrelated to the client's file name. */
export function randomName(): string {
  return randomBytes(18).toString('base64url');
}

const POLL_MS = 100;

/**
 * The review an image is for, as far as the service's projection knows it, waiting up to `waitMs` for a
 * review created a moment ago to arrive; the caller must be its author or an admin.
 */
export async function reviewToChange(
  deps: Pick<MediaDeps, 'db' | 'settings'>,
  actor: Actor,
  reviewId: string,
): Promise<ReviewOwner> {
  if (!/^[\w-]{1,100}$/.test(reviewId)) {
    throw mediaErrors.validationFailed([{ field: 'id', message: 'must be a review id' }]);
  }
  const deadline = Date.now() + deps.settings.reviewWaitMs;
  let review = await findReview(deps.db, reviewId);
  while (!review && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    review = await findReview(deps.db, reviewId);
  }
  if (!review || review.deleted) throw mediaErrors.reviewNotFound();
  if (actor.role !== 'admin' && actor.id !== review.authorId) {
    // Someone else's draft does not exist for this caller (as everywhere else); a published review does.
    throw review.published ? mediaErrors.notOwner() : mediaErrors.reviewNotFound();
  }
  return review;
}

/**
 * Takes an image upload for a review (its author or an admin): the metadata first, then the bytes, read
 * and checked as they come (type, size, completeness, dimensions — `readUpload`, `inspectImage`); only
 * an image that passed every check is stored, as a private original under a random name. Its row and
 * `image.uploaded` (which queues its renditions and is audited) commit together; should that fail, the
 * original is removed again. Nothing is stored for a refused upload.
 */
export async function uploadImage(
  deps: MediaDeps,
  caller: Caller,
  messages: AsyncIterable<MediaV1.UploadChunk__Output>,
): Promise<ImageRecord> {
  const actor = caller.actor;
  if (!actor) throw mediaErrors.unauthenticated();
  const iterator = messages[Symbol.asyncIterator]();
  const meta = await readUploadMeta(iterator);
  const review = await reviewToChange(deps, actor, meta.reviewId);
  const { type, file } = await readUpload(iterator, meta.declaredType, deps.settings.maxBytes);
  const { width, height } = await inspectImage(file, type, deps.settings.maxPixels);
  const id = newId();
  const originalKey = `originals/${randomName()}`;
  await deps.bucket.put(originalKey, file, { contentType: type, metadata: { image: id } });
  try {
    return await deps.outbox.transaction(async (tx, emit) => {
      const image = await insertImage(tx, {
        id,
        reviewId: review.reviewId,
        uploaderId: actor.id,
        originalKey,
        publicId: randomName(),
        contentType: type,
        bytes: file.length,
        width,
        height,
        sha256: createHash('sha256').update(file).digest('hex'),
        fileName: meta.fileName.replace(/[^\x20-\x7e]/g, '_').slice(0, 200),
      });
      await emit(
        newEvent(
          SOURCE,
          'image.uploaded',
          id,
          {
            imageId: id,
            reviewId: image.reviewId,
            uploaderId: actor.id,
            contentType: type,
            width,
            height,
            bytes: file.length,
          },
          caller.traceparent,
        ),
      );
      return image;
    });
  } catch (err) {
    await deps.bucket.delete(originalKey).catch((cause: unknown) => {
      deps.log.warn({ err: cause, key: originalKey }, 'could not remove the original of a failed upload');
    });
    throw err;
  }
}
