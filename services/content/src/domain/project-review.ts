import type { EventData, RcrEvent } from '@rcr/contracts';

/** The review events this read model projects. */
export type ReviewEvent =
  | RcrEvent<'review.published'>
  | RcrEvent<'review.updated'>
  | RcrEvent<'review.unpublished'>
  | RcrEvent<'review.deleted'>;

/** One public review as stored in the read model (names are joined at read time, not stored). */
export interface ContentRow {
  reviewId: string;
  slug: string;
  cameraId: string;
  authorId: string;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: string;
  publishedAt: string;
  updatedAt: string;
  version: number;
}

/** What the read model already knows about a review: the last version applied and whether it is public. */
export interface StoredReview {
  version: number;
  visible: boolean;
}

/** Why an event leaves the read model unchanged. */
export type SkipReason = 'stale';

/** The effect of one review event on the read model. */
export type ReviewDecision =
  | { action: 'upsert'; row: ContentRow }
  | { action: 'remove'; reviewId: string; version: number }
  | { action: 'skip'; reason: SkipReason };

/**
 * Decides what a review event does, given what is stored. Every review event but `review.deleted` carries
 * the review's whole state, so the newest snapshot wins whatever came before it — an event that was
 * dead-lettered, reordered or replayed late cannot leave the read model wrong for good: a snapshot newer
 * than the stored version is shown when its status is `published` and hidden otherwise (its version is
 * recorded either way, so an older snapshot arriving later cannot show it again). A deletion applies when
 * at least as new as the stored version.
 */
export function projectReview(event: ReviewEvent, stored: StoredReview | undefined): ReviewDecision {
  if (event.type === 'review.deleted') {
    if (stored && event.data.version < stored.version) return skip('stale');
    return { action: 'remove', reviewId: event.data.reviewId, version: event.data.version };
  }
  if (stored && event.data.version <= stored.version) return skip('stale');
  if (event.data.status === 'published') return { action: 'upsert', row: toContentRow(event.data) };
  return { action: 'remove', reviewId: event.data.reviewId, version: event.data.version };
}

/** The stored row of a review snapshot; a published review without a publish date falls back to its last edit. */
export function toContentRow(data: EventData<'review.published'>): ContentRow {
  return {
    reviewId: data.reviewId,
    slug: data.slug,
    cameraId: data.cameraId,
    authorId: data.authorId,
    title: data.title,
    body: data.body,
    rating: data.rating,
    pros: data.pros,
    cons: data.cons,
    verdict: data.verdict,
    language: data.language ?? '',
    publishedAt: data.publishedAt ?? data.updatedAt,
    updatedAt: data.updatedAt,
    version: data.version,
  };
}

function skip(reason: SkipReason): ReviewDecision {
  return { action: 'skip', reason };
}
