import { prepared, type Queryable } from '@rcr/platform';
import type { ContentRow, StoredReview } from '../domain/project-review.ts';
import { PUBLIC_JSON_VERSION, renderPublicReview, type EmbeddedNames } from '../domain/render-review.ts';
import { readReviewImages } from './image-repository.ts';

/** What the read model knows about a review: last applied version and whether it is public; undefined if never seen. */
export async function findStoredReview(db: Queryable, reviewId: string): Promise<StoredReview | undefined> {
  const rows = await db.query<StoredReview>(
    prepared(`SELECT v.version, EXISTS (SELECT 1 FROM content c WHERE c.review_id = v.review_id) AS visible
     FROM review_versions v WHERE v.review_id = $1`),
    [reviewId],
  );
  return rows[0];
}

/**
 * Makes a review public (insert or replace) and records its version. Slugs are unique: if another review
 * still holds this slug, the newest event to claim it wins (the other one's removal is then in flight).
 * The review's public JSON is rendered here, with the camera and editor names it embeds (kept current by
 * `upsertCamera` and `upsertEditor`, which re-render it); the camera name is also part of the search
 * document.
 */
export async function upsertContent(db: Queryable, row: ContentRow): Promise<void> {
  const names = await freeSlugAndLockNames(db, row.cameraId, row.authorId, row.slug, row.reviewId);
  const images = (await readReviewImages(db, [row.reviewId])).get(row.reviewId);
  // The content row and the version it records in one statement (one round trip).
  await db.query(
    prepared(`WITH versions AS (
       INSERT INTO review_versions (review_id, version) VALUES ($1, $14)
       ON CONFLICT (review_id) DO UPDATE SET version = EXCLUDED.version
     )
     INSERT INTO content (review_id, slug, camera_id, author_id, title, body, rating, pros, cons, verdict, language,
       published_at, updated_at, version, camera_name, author_name, public_json, public_json_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (review_id) DO UPDATE SET slug = EXCLUDED.slug, camera_id = EXCLUDED.camera_id,
       author_id = EXCLUDED.author_id, title = EXCLUDED.title, body = EXCLUDED.body, rating = EXCLUDED.rating,
       pros = EXCLUDED.pros, cons = EXCLUDED.cons, verdict = EXCLUDED.verdict, language = EXCLUDED.language,
       published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version,
       camera_name = EXCLUDED.camera_name, author_name = EXCLUDED.author_name,
       public_json = EXCLUDED.public_json, public_json_version = EXCLUDED.public_json_version`),
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
      names.cameraName,
      names.authorName,
      renderPublicReview(row, names, images),
      PUBLIC_JSON_VERSION,
    ],
  );
}

/**
 * Takes the slug from another review still holding it, and reads the camera and editor names a review
 * shows, with their rows share-locked until the transaction ends (one statement, one round trip). A
 * rename running alongside then either committed first (its name is read here) or waits for this
 * transaction and re-renders this review's JSON after it: the stored JSON never keeps a stale name.
 */
async function freeSlugAndLockNames(
  db: Queryable,
  cameraId: string,
  authorId: string,
  /** The slug the review takes: another review still holding it loses it (deleted in the same statement). */
  slug: string,
  reviewId: string,
): Promise<EmbeddedNames> {
  const rows = await db.query<{ cameraName: string | null; authorName: string | null }>(
    prepared(`WITH displaced AS (DELETE FROM content WHERE slug = $3 AND review_id <> $4)
     SELECT (SELECT TRIM(cam.brand || ' ' || cam.model) FROM cameras cam WHERE cam.id = $1 FOR SHARE) AS "cameraName",
       (SELECT e.name FROM editors e WHERE e.id = $2 FOR SHARE) AS "authorName"`),
    [cameraId, authorId, slug, reviewId],
  );
  return { cameraName: rows[0]?.cameraName ?? '', authorName: rows[0]?.authorName ?? '' };
}

/** Columns of a ContentRow (FROM content c). */
const CONTENT_ROW_COLUMNS = `c.review_id AS "reviewId", c.slug, c.camera_id AS "cameraId",
    c.author_id AS "authorId", c.title, c.body, c.rating, c.pros, c.cons, c.verdict, c.language,
    c.published_at AS "publishedAt", c.updated_at AS "updatedAt", c.version`;

/**
 * Re-renders the public JSON of the public reviews matching `condition` (SQL over `content c`, with
 * `params`) from their row, the current camera and editor names and their ready images, in one batch; the rows are locked
 * (in review id order, so two renames never deadlock) until the transaction ends. Returns how many.
 */
export async function rerenderContent(
  db: Queryable,
  condition: string,
  params: unknown[],
  limit?: number,
): Promise<number> {
  // Lock first, then read the names in a statement of its own: a statement that waited for a lock sees
  // the locked rows' new versions but not a concurrent rename's camera or editor row (PostgreSQL's
  // read-committed recheck), so a camera rename and an editor rename of the same reviews could each keep
  // the other's old name. The second statement takes a new snapshot, after the lock was granted.
  const locked = await db.query<{ reviewId: string }>(
    `SELECT c.review_id AS "reviewId" FROM content c
     WHERE ${condition}
     ORDER BY c.review_id
     ${limit === undefined ? '' : `LIMIT ${Number(limit)}`}
     FOR UPDATE OF c`,
    params,
  );
  if (locked.length === 0) return 0;
  const rows = await db.query<ContentRow & EmbeddedNames>(
    `SELECT ${CONTENT_ROW_COLUMNS},
       COALESCE(TRIM(cam.brand || ' ' || cam.model), '') AS "cameraName", COALESCE(e.name, '') AS "authorName"
     FROM content c
       LEFT JOIN cameras cam ON cam.id = c.camera_id
       LEFT JOIN editors e ON e.id = c.author_id
     WHERE c.review_id = ANY($1::text[])
     ORDER BY c.review_id`,
    [locked.map((row) => row.reviewId)],
  );
  if (rows.length === 0) return 0;
  const images = await readReviewImages(
    db,
    rows.map((r) => r.reviewId),
  );
  await db.query(
    `UPDATE content c SET camera_name = u.camera_name, author_name = u.author_name, public_json = u.public_json,
       public_json_version = $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(review_id, camera_name, author_name, public_json)
     WHERE c.review_id = u.review_id`,
    [
      rows.map((r) => r.reviewId),
      rows.map((r) => r.cameraName),
      rows.map((r) => r.authorName),
      rows.map((r) => renderPublicReview(r, r, images.get(r.reviewId))),
      PUBLIC_JSON_VERSION,
    ],
  );
  return rows.length;
}

/**
 * Renders the public JSON of every row stored before it existed or by an older rendering
 * (PUBLIC_JSON_VERSION), in batches, each its own transaction. Run at start-up, before events are
 * projected; safe alongside a projecting replica (rows are locked while re-rendered).
 */
export async function renderStaleFragments(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  batch = 500,
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction((tx) =>
      rerenderContent(tx, 'c.public_json_version < $1', [PUBLIC_JSON_VERSION], batch),
    );
    total += done;
    if (done < batch) return total;
  }
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

/** The columns a page of public reviews is made of: each review's public JSON and the values of its cursor. */
export const CONTENT_PAGE_COLUMNS = `c.public_json AS "publicJson", c.review_id AS "reviewId",
    c.published_at AS "publishedAt", c.updated_at AS "updatedAt", c.rating, c.title_key AS "titleKey"`;

/** The public JSON of the review with this slug, or undefined. */
export async function findPublicJsonBySlug(db: Queryable, slug: string): Promise<string | undefined> {
  const rows = await db.query<{ publicJson: string }>(
    'SELECT c.public_json AS "publicJson" FROM content c WHERE c.slug = $1',
    [slug],
  );
  return rows[0]?.publicJson;
}
