import { paginate, parseSort, type Actor } from '@rcr/platform';
import { listReviews as listReviewRows } from '../store/review-repository.ts';
import type { ReviewsDeps } from './deps.ts';
import { REVIEW_SORT_FIELDS } from '@rcr/contracts';
import type { Review, ReviewSortField } from './review-rules.ts';

const NEWEST_FIRST = [{ field: 'createdAt', descending: true }];

/**
 * One page of reviews: an editor sees only their own, an admin all (or only their own with `mineOnly`).
 * Sorted by API field names (default newest first); paged by page/limit or by the previous page's cursor.
 */
export async function listReviews(
  deps: ReviewsDeps,
  actor: Actor,
  input: {
    status?: string | undefined;
    cameraId?: string | undefined;
    mineOnly: boolean;
    sort: readonly string[];
    cursor?: string | undefined;
    page: number;
    limit: number;
  },
): Promise<{ items: Review[]; total: number; nextCursor: string }> {
  // parseSort returns only allowed fields (an unknown one is VALIDATION_FAILED on `sort`).
  const sort = parseSort(input.sort, REVIEW_SORT_FIELDS, NEWEST_FIRST).map((key) => ({
    field: key.field as ReviewSortField,
    descending: key.descending,
  }));
  const { limit, offset } = paginate(input);
  const mineOnly = input.mineOnly || actor.role !== 'admin';
  return listReviewRows(
    deps.db,
    { authorId: mineOnly ? actor.id : undefined, status: input.status, cameraId: input.cameraId },
    { sort, cursor: input.cursor || undefined, limit, offset },
  );
}
