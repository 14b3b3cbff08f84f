import { errors, type Actor } from '@rcr/platform';

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

/** The fields an editor writes. */
export type ReviewFields = Pick<
  Review,
  'cameraId' | 'title' | 'body' | 'rating' | 'pros' | 'cons' | 'verdict' | 'language'
>;

/** The API field names a review list may be sorted by. */
export const REVIEW_SORT_FIELDS = [
  'createdAt',
  'updatedAt',
  'publishedAt',
  'title',
  'rating',
  'status',
] as const;

/** One sortable review field. */
export type ReviewSortField = (typeof REVIEW_SORT_FIELDS)[number];

type FieldError = { field: string; message: string };

function checkText(errs: FieldError[], field: string, value: string, min: number, max: number) {
  const length = value.trim().length;
  if (length < min || value.length > max) errs.push({ field, message: `must be ${min}–${max} characters` });
}

function checkList(errs: FieldError[], field: string, list: string[]) {
  if (list.length > 20) errs.push({ field, message: 'at most 20 items' });
  list.forEach((item, i) => {
    if (item.trim().length === 0 || item.length > 200)
      errs.push({ field: `${field}[${i}]`, message: 'must be 1–200 characters' });
  });
}

/** Checks every editable field of a review; throws VALIDATION_FAILED listing each bad field. */
export function assertValidReview(fields: ReviewFields): void {
  const errs: FieldError[] = [];
  if (fields.cameraId.trim().length === 0) errs.push({ field: 'cameraId', message: 'is required' });
  checkText(errs, 'title', fields.title, 3, 200);
  checkText(errs, 'body', fields.body, 1, 50_000);
  checkText(errs, 'verdict', fields.verdict, 1, 2_000);
  if (!Number.isFinite(fields.rating) || fields.rating < 0 || fields.rating > 10) {
    errs.push({ field: 'rating', message: 'must be a number from 0 to 10' });
  } else if (Math.round(fields.rating * 10) !== fields.rating * 10) {
    errs.push({ field: 'rating', message: 'at most one decimal place' });
  }
  checkList(errs, 'pros', fields.pros);
  checkList(errs, 'cons', fields.cons);
  if (!/^[a-z]{2}$/.test(fields.language))
    errs.push({ field: 'language', message: 'must be an ISO 639-1 code such as "es"' });
  if (errs.length > 0) throw errors.invalid('VALIDATION_FAILED', 'the review has invalid fields', errs);
}

/** Only the author or an admin may change a review. */
export function assertCanModify(actor: Actor, review: Pick<Review, 'authorId'>): void {
  if (actor.role !== 'admin' && actor.id !== review.authorId) {
    throw errors.forbidden('REVIEW_NOT_OWNED', 'only the author or an admin may change this review');
  }
}

/** Only the author or an admin may read a draft; others are told it does not exist. */
export function canRead(actor: Actor, review: Pick<Review, 'authorId'>): boolean {
  return actor.role === 'admin' || actor.id === review.authorId;
}

/** Optimistic concurrency: a stale expected version is rejected. */
export function assertVersion(review: Pick<Review, 'version'>, expected: number | undefined): void {
  if (expected !== undefined && expected !== review.version) {
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
