import type { Queryable } from '@rcr/platform';
import type { Review } from '../domain/review-rules.ts';

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

/** Loads one review; `forUpdate` locks the row for the rest of the transaction. */
export async function findReview(db: Queryable, id: string, forUpdate = false): Promise<Review | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const rows = await db.query<ReviewRow>(
    `SELECT * FROM reviews WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] && toReview(rows[0]);
}

/** Inserts a new review. */
export async function insertReview(db: Queryable, review: Review): Promise<void> {
  await db.query(
    `INSERT INTO reviews (id, slug, camera_id, author_id, title, body, rating, pros, cons, verdict, language, status,
       version, created_at, updated_at, published_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [
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
    ],
  );
}

/** Writes every mutable field of a review (the caller has bumped `version`). */
export async function saveReview(db: Queryable, review: Review): Promise<void> {
  await db.query(
    `UPDATE reviews SET camera_id=$2, title=$3, body=$4, rating=$5, pros=$6, cons=$7, verdict=$8, language=$9,
       status=$10, version=$11, updated_at=$12, published_at=$13
     WHERE id = $1`,
    [
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
    ],
  );
}

/** Deletes a review; true when a row was removed. */
export async function deleteReviewRow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM reviews WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/** Lists reviews newest first, optionally only one author's and one status. */
export async function listReviews(
  db: Queryable,
  filter: { authorId?: string | undefined; status?: string | undefined; limit: number; offset: number },
): Promise<{ items: Review[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.authorId) {
    params.push(filter.authorId);
    where.push(`author_id = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM reviews ${clause}`,
    params,
  );
  const rows = await db.query<ReviewRow>(
    `SELECT * FROM reviews ${clause} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(toReview), total: count?.total ?? 0 };
}

/** How many reviews (any status) refer to a camera. */
export async function countReviewsOfCamera(db: Queryable, cameraId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews WHERE camera_id = $1', [
    cameraId,
  ]);
  return row?.n ?? 0;
}
