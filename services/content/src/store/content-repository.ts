import type { Queryable } from '@rcr/platform';
import type { ContentRow, StoredReview } from '../domain/project-review.ts';

/** A public review as read: the stored row plus camera and author names joined at query time. */
export interface ContentView extends ContentRow {
  /** Brand and model; empty while the camera is not yet known. */
  cameraName: string;
  /** Empty while the editor is not yet known. */
  authorName: string;
}

/** What the read model knows about a review: last applied version and whether it is public; undefined if never seen. */
export async function findStoredReview(db: Queryable, reviewId: string): Promise<StoredReview | undefined> {
  const rows = await db.query<StoredReview>(
    `SELECT v.version, EXISTS (SELECT 1 FROM content c WHERE c.review_id = v.review_id) AS visible
     FROM review_versions v WHERE v.review_id = $1`,
    [reviewId],
  );
  return rows[0];
}

/**
 * Makes a review public (insert or replace) and records its version. Slugs are unique: if another review
 * still holds this slug, the newest event to claim it wins (the other one's removal is then in flight).
 * The camera's name is copied in for the search document (kept current by `upsertCamera`).
 */
export async function upsertContent(db: Queryable, row: ContentRow): Promise<void> {
  await db.query('DELETE FROM content WHERE slug = $1 AND review_id <> $2', [row.slug, row.reviewId]);
  await db.query(
    `INSERT INTO content (review_id, slug, camera_id, author_id, title, body, rating, pros, cons, verdict, language,
       published_at, updated_at, version, camera_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14,
       COALESCE((SELECT TRIM(cam.brand || ' ' || cam.model) FROM cameras cam WHERE cam.id = $3), ''))
     ON CONFLICT (review_id) DO UPDATE SET slug = EXCLUDED.slug, camera_id = EXCLUDED.camera_id,
       author_id = EXCLUDED.author_id, title = EXCLUDED.title, body = EXCLUDED.body, rating = EXCLUDED.rating,
       pros = EXCLUDED.pros, cons = EXCLUDED.cons, verdict = EXCLUDED.verdict, language = EXCLUDED.language,
       published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version,
       camera_name = EXCLUDED.camera_name`,
    [
      row.reviewId,
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
      row.version,
    ],
  );
  await recordReviewVersion(db, row.reviewId, row.version);
}

/** Takes a review out of public view and records the version at which that happened. */
export async function removeContent(db: Queryable, reviewId: string, version: number): Promise<void> {
  await db.query('DELETE FROM content WHERE review_id = $1', [reviewId]);
  await recordReviewVersion(db, reviewId, version);
}

async function recordReviewVersion(db: Queryable, reviewId: string, version: number): Promise<void> {
  await db.query(
    `INSERT INTO review_versions (review_id, version) VALUES ($1, $2)
     ON CONFLICT (review_id) DO UPDATE SET version = EXCLUDED.version`,
    [reviewId, version],
  );
}

/** The columns of a ContentView (needs the FROM of CONTENT_VIEW_FROM: content c, cameras cam, editors e). */
export const CONTENT_VIEW_COLUMNS = `c.review_id AS "reviewId", c.slug, c.camera_id AS "cameraId",
    c.author_id AS "authorId", c.title, c.body, c.rating, c.pros, c.cons, c.verdict, c.language,
    c.published_at AS "publishedAt", c.updated_at AS "updatedAt", c.version,
    COALESCE(TRIM(cam.brand || ' ' || cam.model), '') AS "cameraName", COALESCE(e.name, '') AS "authorName"`;

/** Public reviews joined with their camera and editor names. */
export const CONTENT_VIEW_FROM = `content c
  LEFT JOIN cameras cam ON cam.id = c.camera_id
  LEFT JOIN editors e ON e.id = c.author_id`;

/** The public review with this slug, or undefined. */
export async function findContentBySlug(db: Queryable, slug: string): Promise<ContentView | undefined> {
  const rows = await db.query<ContentView>(
    `SELECT ${CONTENT_VIEW_COLUMNS} FROM ${CONTENT_VIEW_FROM} WHERE c.slug = $1`,
    [slug],
  );
  return rows[0];
}
