import {
  fieldErrorsOf,
  ReviewCreateInputSchema,
  ReviewReplaceInputSchema,
  type REVIEW_SORT_FIELDS,
  type ReviewCreateInput,
  meetsExpectedVersion,
} from '@rcr/contracts';
import { errors, type Actor } from '@rcr/platform';
import type { z } from 'zod';

/** A review as the write side knows it. */
export interface Review {
  id: string;
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
  status: 'draft' | 'published';
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** Every field an editor writes: what an update compares to tell a change from a no-op. */
export const REVIEW_FIELD_KEYS = [
  'cameraId',
  'title',
  'body',
  'rating',
  'pros',
  'cons',
  'verdict',
  'language',
] as const;
export type ReviewFields = Pick<Review, (typeof REVIEW_FIELD_KEYS)[number]>;

/** One sortable review field. */
export type ReviewSortField = (typeof REVIEW_SORT_FIELDS)[number];

/**
 * Checks a new review with the shared input rules (the ones the gateway applies to POST /v1/reviews) and
 * applies their defaults; throws VALIDATION_FAILED listing each bad field.
 */
export function assertValidNewReview(input: ReviewCreateInput): ReviewFields {
  return parseInput(ReviewCreateInputSchema, input, INVALID_REVIEW);
}

/**
 * Checks every editable field of a review, as after merging a change into the stored one, with the shared
 * rules of a whole review (PUT /v1/reviews/{id}); throws VALIDATION_FAILED listing each bad field.
 */
export function assertValidReview(review: ReviewFields): ReviewFields {
  const { cameraId, title, body, rating, pros, cons, verdict, language } = review;
  return parseInput(
    ReviewReplaceInputSchema,
    {
      cameraId,
      title,
      body,
      rating,
      pros,
      cons,
      verdict,
      language,
    },
    INVALID_REVIEW,
  );
}

const INVALID_REVIEW = 'the review has invalid fields';

/**
 * Parses an input with one of the shared input schemas from the contracts, or throws VALIDATION_FAILED
 * (`detail`) naming each bad field the way the gateway names it.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, detail: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.invalid('VALIDATION_FAILED', detail, fieldErrorsOf(result.error));
  return result.data;
}

/**
 * Only the author or an admin may change a review; to anyone else it does not exist (REVIEW_NOT_FOUND, as
 * reading it answers), so a write cannot tell them that an id names someone's draft.
 */
export function assertCanModify(actor: Actor, review: Pick<Review, 'authorId'>): void {
  if (!canRead(actor, review)) throw errors.notFound('REVIEW_NOT_FOUND', 'review not found');
}

/** Only the author or an admin may read a draft; others are told it does not exist. */
export function canRead(actor: Actor, review: Pick<Review, 'authorId'>): boolean {
  return actor.role === 'admin' || actor.id === review.authorId;
}

/** Optimistic concurrency: a stale expected version is rejected. */
export function assertVersion(review: Pick<Review, 'version'>, expected: number | undefined): void {
  if (!meetsExpectedVersion(review.version, expected)) {
    throw errors.preconditionFailed(
      'VERSION_MISMATCH',
      `the review is at version ${review.version}, not ${expected}`,
    );
  }
}

/**
 * The target status of a transition, or `null` when the review is already there: publishing a published
 * review (or unpublishing a draft) is an idempotent no-op that emits no event.
 */
export function nextStatus(
  current: Review['status'],
  action: 'publish' | 'unpublish',
): Review['status'] | null {
  const target = action === 'publish' ? 'published' : 'draft';
  return current === target ? null : target;
}

/** A URL slug: lowercase ASCII words joined by hyphens, accents stripped ("Cámara Ñandú" → "camara-nandu"). */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** A review's slug: its title plus the id's last six hex digits, so equal titles never collide. */
export function reviewSlug(title: string, id: string): string {
  const base = slugify(title) || 'review';
  return `${base}-${id.replace(/-/g, '').slice(-6)}`;
}
