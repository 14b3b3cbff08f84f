import type { CameraSpecs, ExportFilter } from '@rcr/contracts';
import { prepared, type Queryable } from '@rcr/platform';
import type { ExportCameraRow, ExportReviewRow } from '../domain/project-review.ts';

/** The version of a review the projection holds (tombstones included), or undefined. */
export async function findReviewVersion(q: Queryable, reviewId: string): Promise<number | undefined> {
  const [row] = await q.query<{ version: number }>(
    prepared('SELECT version FROM export_reviews WHERE review_id = $1'),
    [reviewId],
  );
  return row?.version;
}

/** Stores a review snapshot, replacing an older one. */
export async function upsertReview(q: Queryable, row: ExportReviewRow): Promise<void> {
  await q.query(
    prepared(`INSERT INTO export_reviews (review_id, version, published, deleted, slug, camera_id, author_id, title, body,
       rating, pros, cons, verdict, language, published_at, updated_at)
     VALUES ($1, $2, $3, false, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (review_id) DO UPDATE SET version = EXCLUDED.version, published = EXCLUDED.published,
       deleted = false, slug = EXCLUDED.slug, camera_id = EXCLUDED.camera_id, author_id = EXCLUDED.author_id,
       title = EXCLUDED.title, body = EXCLUDED.body, rating = EXCLUDED.rating, pros = EXCLUDED.pros,
       cons = EXCLUDED.cons, verdict = EXCLUDED.verdict, language = EXCLUDED.language,
       published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at`),
    [
      row.reviewId,
      row.version,
      row.published,
      row.slug,
      row.cameraId,
      row.authorId,
      row.title,
      row.body,
      row.rating,
      JSON.stringify(row.pros),
      JSON.stringify(row.cons),
      row.verdict,
      row.language,
      row.publishedAt,
      row.updatedAt,
    ],
  );
}

/** Replaces a review by a tombstone (its content dropped, its version kept). */
export async function markReviewDeleted(q: Queryable, reviewId: string, version: number): Promise<void> {
  await q.query(
    `INSERT INTO export_reviews (review_id, version, published, deleted) VALUES ($1, $2, false, true)
     ON CONFLICT (review_id) DO UPDATE SET version = EXCLUDED.version, published = false, deleted = true,
       slug = NULL, camera_id = NULL, author_id = NULL, title = NULL, body = NULL, rating = NULL, pros = NULL,
       cons = NULL, verdict = NULL, language = NULL, published_at = NULL, updated_at = NULL`,
    [reviewId, version],
  );
}

/** The version of a camera the projection holds, or undefined. */
export async function findCameraVersion(q: Queryable, cameraId: string): Promise<number | undefined> {
  const [row] = await q.query<{ version: number }>(
    'SELECT version FROM export_cameras WHERE camera_id = $1',
    [cameraId],
  );
  return row?.version;
}

/** Stores a camera, replacing an older version. */
export async function upsertCamera(q: Queryable, row: ExportCameraRow): Promise<void> {
  await q.query(
    `INSERT INTO export_cameras (camera_id, version, deleted, brand, model, type, specs)
     VALUES ($1, $2, false, $3, $4, $5, $6)
     ON CONFLICT (camera_id) DO UPDATE SET version = EXCLUDED.version, deleted = false,
       brand = EXCLUDED.brand, model = EXCLUDED.model, type = EXCLUDED.type, specs = EXCLUDED.specs`,
    [row.cameraId, row.version, row.brand, row.model, row.type, JSON.stringify(row.specs)],
  );
}

/** Marks a camera deleted (its reviews keep their last known camera name). */
export async function markCameraDeleted(q: Queryable, cameraId: string, version: number): Promise<void> {
  await q.query(
    `INSERT INTO export_cameras (camera_id, version, deleted) VALUES ($1, $2, true)
     ON CONFLICT (camera_id) DO UPDATE SET version = EXCLUDED.version, deleted = true`,
    [cameraId, version],
  );
}

/** One exported review: the review and its camera's name. */
export interface ExportedReview {
  reviewId: string;
  slug: string;
  title: string;
  cameraId: string;
  brand: string | null;
  model: string | null;
  authorId: string;
  rating: number;
  verdict: string;
  pros: string[];
  cons: string[];
  body: string;
  language: string | null;
  publishedAt: string;
  updatedAt: string;
}

/** Where a page of an export ends: the next page starts after it. */
export interface ExportCursor {
  publishedAt: string;
  reviewId: string;
}

/** SQL conditions and parameters of a filter (public reviews only); `$n` numbering starts at `first`. */
function whereOf(filter: ExportFilter, first = 1): { sql: string; params: unknown[] } {
  const conditions = ['r.published', 'r.published_at IS NOT NULL'];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${first + params.length - 1}`));
  };
  if (filter.cameraId !== undefined) add((n) => `r.camera_id = ${n}`, filter.cameraId);
  if (filter.brand !== undefined) add((n) => `lower(c.brand) = lower(${n})`, filter.brand);
  if (filter.authorId !== undefined) add((n) => `r.author_id = ${n}`, filter.authorId);
  if (filter.minRating !== undefined) add((n) => `r.rating >= ${n}`, filter.minRating);
  if (filter.publishedAfter !== undefined)
    add((n) => `r.published_at >= ${n}::timestamptz`, filter.publishedAfter);
  if (filter.q !== undefined) {
    // A plain substring match: LIKE's own wildcards in the text are matched literally.
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(
      (n) => `(lower(r.title) LIKE ${n} OR lower(r.body) LIKE ${n} OR lower(r.verdict) LIKE ${n})`,
      pattern,
    );
  }
  return { sql: conditions.join(' AND '), params };
}

/** How many public reviews match (for progress). */
export async function countExport(q: Queryable, filter: ExportFilter): Promise<number> {
  const where = whereOf(filter);
  const [row] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM export_reviews r LEFT JOIN export_cameras c ON c.camera_id = r.camera_id
     WHERE ${where.sql}`,
    where.params,
  );
  return row?.n ?? 0;
}

/** One page of matching public reviews, oldest publication first, after `cursor`. */
export async function readExportPage(
  q: Queryable,
  filter: ExportFilter,
  cursor: ExportCursor | undefined,
  limit: number,
): Promise<ExportedReview[]> {
  const where = whereOf(filter, cursor ? 4 : 2);
  const after = cursor ? ' AND (r.published_at, r.review_id) > ($2::timestamptz, $3)' : '';
  return q.query<ExportedReview>(
    `SELECT r.review_id AS "reviewId", r.slug, r.title, r.camera_id AS "cameraId", c.brand, c.model,
       r.author_id AS "authorId", r.rating, r.verdict, r.pros, r.cons, r.body, r.language,
       r.published_at AS "publishedAt", r.updated_at AS "updatedAt"
     FROM export_reviews r LEFT JOIN export_cameras c ON c.camera_id = r.camera_id
     WHERE ${where.sql}${after}
     ORDER BY r.published_at, r.review_id LIMIT $1`,
    [limit, ...(cursor ? [cursor.publishedAt, cursor.reviewId] : []), ...where.params],
  );
}

/** What a comparison report shows of one camera: its name, type, specs and the scores of its public reviews. */
export interface ComparedCamera {
  cameraId: string;
  brand: string;
  model: string;
  /** Null for a camera projected before types and specs were kept (until its next change). */
  type: string | null;
  specs: CameraSpecs | null;
  /** Published reviews of it, and their lowest, average and highest rating (null when none). */
  reviews: number;
  minRating: number | null;
  avgRating: number | null;
  maxRating: number | null;
}

/** The cameras of a report that the projection knows (deleted ones are not), with their review scores. */
export async function readComparedCameras(
  q: Queryable,
  cameraIds: readonly string[],
): Promise<ComparedCamera[]> {
  const rows = await q.query<ComparedCamera & { specs: CameraSpecs | string | null }>(
    `SELECT c.camera_id AS "cameraId", c.brand, c.model, c.type, c.specs,
       count(r.review_id)::int AS reviews, min(r.rating)::float8 AS "minRating",
       avg(r.rating)::float8 AS "avgRating", max(r.rating)::float8 AS "maxRating"
     FROM export_cameras c
       LEFT JOIN export_reviews r ON r.camera_id = c.camera_id AND r.published AND r.published_at IS NOT NULL
     WHERE c.camera_id = ANY($1::text[]) AND NOT c.deleted
     GROUP BY c.camera_id`,
    [cameraIds],
  );
  return rows.map((row) => ({
    ...row,
    specs: typeof row.specs === 'string' ? (JSON.parse(row.specs) as CameraSpecs) : row.specs,
  }));
}
