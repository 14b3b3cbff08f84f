import type { ReviewCreateInput } from '@rcr/contracts';
import { errors, newId, sameValues, type Actor, type IdempotentWrite } from '@rcr/platform';
import { reviewDeletedEvent, reviewEvent } from '../events/publishers.ts';
import { findCamera } from '../store/camera-repository.ts';
import { deleteReviewRow, findReview, insertReview, saveReview } from '../store/review-repository.ts';
import type { ReviewsDeps } from './deps.ts';
import {
  assertCanModify,
  assertValidNewReview,
  assertValidReview,
  assertVersion,
  nextStatus,
  reviewSlug,
  REVIEW_FIELD_KEYS,
  type Review,
  type ReviewFields,
} from './review-rules.ts';

const notFound = () => errors.notFound('REVIEW_NOT_FOUND', 'review not found');
const unknownCamera = () =>
  errors.invalid('CAMERA_UNKNOWN', 'the camera does not exist', [
    { field: 'cameraId', message: 'unknown camera' },
  ]);

/** Creates a draft review by the acting editor (defaults from the shared input rules); emits review.created. */
export async function createReview(
  deps: ReviewsDeps,
  actor: Actor,
  input: ReviewCreateInput,
  /** The request's Idempotency-Key: a retry returns the review the first attempt created. */
  idempotency?: IdempotentWrite,
): Promise<Review> {
  const fields = assertValidNewReview(input);
  return deps.outbox.transaction(
    async (tx, emit) => {
      const id = newId();
      const now = new Date().toISOString();
      const review: Review = {
        ...fields,
        id,
        slug: reviewSlug(fields.title, id),
        authorId: actor.id,
        status: 'draft',
        version: 1,
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
      };
      if (!(await insertReview(tx, review))) throw unknownCamera();
      await emit(reviewEvent('review.created', review));
      return review;
    },
    { idempotency },
  );
}

/** Replaces some fields of a review (owner or admin); emits review.updated, unless nothing changes. */
export async function updateReview(
  deps: ReviewsDeps,
  actor: Actor,
  id: string,
  changes: Partial<ReviewFields>,
  expectedVersion?: number,
): Promise<Review> {
  return deps.outbox.transaction(async (tx, emit) => {
    const current = await findReview(tx, id, true);
    if (!current) throw notFound();
    assertCanModify(actor, current);
    assertVersion(current, expectedVersion);
    const next: Review = { ...current, ...definedOnly(changes) };
    assertValidReview(next);
    if (next.cameraId !== current.cameraId && !(await findCamera(tx, next.cameraId))) throw unknownCamera();
    // Nothing changes (an empty patch, the values already there): no new version, no event.
    if (sameValues(current, next, REVIEW_FIELD_KEYS)) return current;
    next.version = current.version + 1;
    next.updatedAt = new Date().toISOString();
    await saveReview(tx, next);
    await emit(reviewEvent('review.updated', next));
    return next;
  });
}

/** Publishes or unpublishes a review; doing it twice is an idempotent no-op with no second event. */
export async function changeReviewStatus(
  deps: ReviewsDeps,
  actor: Actor,
  id: string,
  action: 'publish' | 'unpublish',
): Promise<Review> {
  return deps.outbox.transaction(async (tx, emit) => {
    const current = await findReview(tx, id, true);
    if (!current) throw notFound();
    assertCanModify(actor, current);
    const status = nextStatus(current.status, action);
    if (status === null) return current;
    const now = new Date().toISOString();
    const next: Review = {
      ...current,
      status,
      version: current.version + 1,
      updatedAt: now,
      publishedAt: status === 'published' ? now : current.publishedAt,
    };
    await saveReview(tx, next);
    await emit(reviewEvent(action === 'publish' ? 'review.published' : 'review.unpublished', next));
    return next;
  });
}

/**
 * Deletes a review (owner or admin), optionally only at an expected version; emits review.deleted.
 * A second delete answers REVIEW_NOT_FOUND.
 */
export async function deleteReview(
  deps: ReviewsDeps,
  actor: Actor,
  id: string,
  expectedVersion?: number,
): Promise<void> {
  await deps.outbox.transaction(async (tx, emit) => {
    const current = await findReview(tx, id, true);
    if (!current) throw notFound();
    assertCanModify(actor, current);
    assertVersion(current, expectedVersion);
    await deleteReviewRow(tx, id);
    await emit(reviewDeletedEvent(current));
  });
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
