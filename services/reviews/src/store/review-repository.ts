import { keysetPage, prepared, type KeyColumn, type Queryable } from '@rcr/platform';
import type { Review, ReviewSortField } from '../domain/review-rules.ts';

interface ReviewRow {
  id: string;
  slug: string;
  camera_id: string;
  author_id: string;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: string;
  status: Review['status'];
  version: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  slug: r.slug,
  cameraId: r.camera_id,
  authorId: r.author_id,
  title: r.title,
  body: r.body,
  rating: Number(r.rating),
  pros: r.pros,
  cons: r.cons,
  verdict: r.verdict,
  language: r.language,
  status: r.status,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
});

const REVIEW_COLUMNS = `id, slug, camera_id, author_id, title, body, rating, pros, cons, verdict, language, status,
  version, created_at, updated_at, published_at`;
// Every write loads, inserts or saves a review: prepared once per connection (ADR 0036), so the columns
// are named (a prepared SELECT * would break when a migration adds one under a running process).
const FIND_REVIEW = prepared(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = $1`);
const FIND_REVIEW_FOR_UPDATE = prepared(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = $1 FOR UPDATE`);
const INSERT_REVIEW = prepared(
  `INSERT INTO reviews (${REVIEW_COLUMNS})
   SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16
   WHERE EXISTS (SELECT 1 FROM cameras WHERE id = $3 AND deleted_at IS NULL)
   RETURNING id`,
);
const SAVE_REVIEW = prepared(
  `UPDATE reviews SET camera_id=$2, title=$3, body=$4, rating=$5, pros=$6, cons=$7, verdict=$8, language=$9,
     status=$10, version=$11, updated_at=$12, published_at=$13
   WHERE id = $1`,
);

/** Loads one review; `forUpdate` locks the row for the rest of the transaction. */
export async function findReview(db: Queryable, id: string, forUpdate = false): Promise<Review | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const rows = await db.query<ReviewRow>(forUpdate ? FIND_REVIEW_FOR_UPDATE : FIND_REVIEW, [id]);
  return rows[0] && toReview(rows[0]);
}

/**
 * Inserts a new review if its camera exists and is not deleted (checked in the same statement: one
 * round trip); false when it does not.
 */
export async function insertReview(db: Queryable, review: Review): Promise<boolean> {
  const rows = await db.query(INSERT_REVIEW, [
    review.id,
    review.slug,
    review.cameraId,
    review.authorId,
    review.title,
    review.body,
    review.rating,
    JSON.stringify(review.pros),
    JSON.stringify(review.cons),
    review.verdict,
    review.language,
    review.status,
    review.version,
    review.createdAt,
    review.updatedAt,
    review.publishedAt,
  ]);
  return rows.length > 0;
}

/** Writes every mutable field of a review (the caller has bumped `version`). */
export async function saveReview(db: Queryable, review: Review): Promise<void> {
  await db.query(SAVE_REVIEW, [
    review.id,
    review.cameraId,
    review.title,
    review.body,
    review.rating,
    JSON.stringify(review.pros),
    JSON.stringify(review.cons),
    review.verdict,
    review.language,
    review.status,
    review.version,
    review.updatedAt,
    review.publishedAt,
  ]);
}

/** Deletes a review; true when a row was removed. */
export async function deleteReviewRow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM reviews WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/** Which reviews a list shows; an undefined or empty filter matches everything. */
export interface ReviewFilter {
  authorId?: string | undefined;
  status?: string | undefined;
  cameraId?: string | undefined;
}

// Drafts have no published_at: they sort as published at the epoch, i.e. before every published review
// ascending and after them descending, and the cursor never holds a NULL.
const SORT_COLUMNS: Record<ReviewSortField, Omit<KeyColumn, 'descending'>> = {
  createdAt: { sql: 'created_at', kind: 'timestamp' },
  updatedAt: { sql: 'updated_at', kind: 'timestamp' },
  publishedAt: { sql: "COALESCE(published_at, 'epoch'::timestamptz)", kind: 'timestamp' },
  title: { sql: 'title', kind: 'text' },
  rating: { sql: 'rating', kind: 'number' },
  status: { sql: 'status', kind: 'text' },
};

/**
 * One page of reviews matching the filter in the given order (ties broken by id in the direction of the
 * last key), after a cursor or at an offset, with the filtered total and the next page's cursor.
 */
export async function listReviews(
  db: Queryable,
  filter: ReviewFilter,
  page: {
    sort: readonly { field: ReviewSortField; descending: boolean }[];
    cursor?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: Review[]; total: number; nextCursor: string }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const match = (column: string, value: string | undefined) => {
    if (!value) return; // an empty filter, as proto3 sends an unset string, matches everything
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  match('author_id', filter.authorId);
  match('status', filter.status);
  match('camera_id', filter.cameraId);
  const keys: KeyColumn[] = page.sort.map((key) => ({
    ...SORT_COLUMNS[key.field],
    descending: key.descending,
  }));
  keys.push({ sql: 'id', kind: 'uuid', descending: page.sort.at(-1)?.descending ?? false });
  const { rows, total, nextCursor } = await keysetPage<ReviewRow>(db, {
    select: '*',
    from: 'reviews',
    where,
    params,
    keys,
    ordering: page.sort.map((key) => `${key.descending ? '-' : ''}${key.field}`).join(','),
    cursor: page.cursor,
    limit: page.limit,
    offset: page.offset,
  });
  return { items: rows.map(toReview), total, nextCursor };
}

/** How many reviews (any status) refer to a camera. */
export async function countReviewsOfCamera(db: Queryable, cameraId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews WHERE camera_id = $1', [
    cameraId,
  ]);
  return row?.n ?? 0;
}
