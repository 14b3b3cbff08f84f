import pg from 'pg';
import { renderPublicReview } from '@rcr/content';

/**
 * A large data set made inside PostgreSQL from a small one the loader wrote through the normal write path
 * (`--synthetic <base reviews>`, bench/README.md "Synthetic data sets"): every published review is copied
 * until the read model holds `published` reviews, each copy older than the last by a fixed shift, with
 * everything the projection keeps for a review made consistent with it — so the database is what the
 * projection would have written had the copies been published one by one:
 *
 * - reviews (the owner, schema `reviews`): a published row per copy, so reconciliation finds no drift;
 * - content (schema `content`): the `content` row (its search document and title key are generated
 *   columns, computed on insert), its `review_versions` version, its `content_search_state` (the same
 *   words), and its public JSON (the original's with the copy's id, slug and instants);
 * - the vocabulary and the list counters, recounted from `content_search_state` the way migration 003
 *   counts them.
 *
 * Copy k (1, 2, …) of review R has id `md5(R.id || ':' || k)` as a uuid, slug `R.slug || '-' || k`, and
 * every instant of R moved back by k × shift, where shift is an hour, or the span of the original publish
 * times plus a second when that is longer: copies never interleave with the originals or each other, and
 * the newest `published` reviews are kept (the originals are all kept). The `content` table is rewritten
 * in publish order, as a table filled by publishing over time is laid out on disk.
 */
export interface SyntheticOutcome {
  /** Published reviews the loader wrote (the originals). */
  base: number;
  /** Published reviews in the read model afterwards. */
  published: number;
  /** Copies of each original made (the last one partly). */
  copies: number;
  /** Seconds each copy is older than the previous one. */
  shiftSeconds: number;
  /** Words in the vocabulary afterwards. */
  vocabulary: number;
  buildMs: number;
}

export async function multiplyPublishedReviews(
  databaseUrl: string,
  published: number,
  progress: (line: string) => void,
): Promise<SyntheticOutcome> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const [base] = (
      await client.query<{ n: number; shift: number }>(
        `SELECT COUNT(*)::int AS n, EXTRACT(EPOCH FROM GREATEST(interval '1 hour',
           COALESCE(MAX(published_at) - MIN(published_at), interval '0') + interval '1 second'))::float8 AS shift
         FROM content.content`,
      )
    ).rows;
    if (!base || base.n === 0) throw new Error('the loader published no review to multiply');
    if (published < base.n) {
      throw new Error(`--reviews ${published} is less than the ${base.n} reviews the loader published`);
    }
    const copies = Math.ceil(published / base.n);
    progress(`multiplying ${base.n} published reviews ×${copies} to ${published} in PostgreSQL`);
    // The rows to have: the originals (k = 0) and their copies, the newest `published` of them.
    await client.query(
      `CREATE TEMP TABLE synthetic ON COMMIT DROP AS
       SELECT c.*, k.k,
         CASE WHEN k.k = 0 THEN c.review_id ELSE md5(c.review_id || ':' || k.k)::uuid::text END AS new_id,
         CASE WHEN k.k = 0 THEN c.slug ELSE c.slug || '-' || k.k END AS new_slug,
         c.published_at - k.k * make_interval(secs => $1) AS new_published_at,
         c.updated_at - k.k * make_interval(secs => $1) AS new_updated_at
       FROM content.content c CROSS JOIN generate_series(0, $2::int - 1) AS k(k)
       ORDER BY new_published_at DESC, new_id DESC
       LIMIT $3`,
      [base.shift, copies, published],
    );
    await client.query(`CREATE INDEX ON synthetic (k, review_id)`);
    await client.query('ANALYZE synthetic');
    // A timestamp as the renderer writes it (JavaScript's toISOString: UTC, milliseconds).
    const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    // The public JSON of a copy: the original's, with the copy's id, slug and instants. Each replaced
    // text is the original's field as a key-value pair; inside a JSON string every quote is escaped, so a
    // `"key":"…"` pair can only be the field itself.
    const publicJson = `replace(replace(s.public_json,
        '"id":' || to_json(s.review_id)::text || ',"slug":' || to_json(s.slug)::text,
        '"id":' || to_json(s.new_id)::text || ',"slug":' || to_json(s.new_slug)::text),
      '"publishedAt":' || to_json(s.public_json::json->>'publishedAt')::text
        || ',"updatedAt":' || to_json(s.public_json::json->>'updatedAt')::text,
      '"publishedAt":"' || ${iso('s.new_published_at')} || '","updatedAt":"' || ${iso('s.new_updated_at')} || '"')`;
    // The owner's rows first (the copies of published reviews), then the read model rewritten in publish order.
    const owner = await client.query(
      `INSERT INTO reviews.reviews (id, slug, camera_id, author_id, title, body, rating, pros, cons, verdict,
         language, status, version, created_at, updated_at, published_at)
       SELECT s.new_id::uuid, s.new_slug, r.camera_id, r.author_id, r.title, r.body, r.rating, r.pros, r.cons,
         r.verdict, r.language, r.status, r.version, r.created_at - s.k * make_interval(secs => $1),
         r.updated_at - s.k * make_interval(secs => $1), r.published_at - s.k * make_interval(secs => $1)
       FROM synthetic s JOIN reviews.reviews r ON r.id = s.review_id::uuid
       WHERE s.k > 0 AND r.status = 'published'`,
      [base.shift],
    );
    const copied = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM synthetic WHERE k > 0');
    if (owner.rowCount !== copied.rows[0]?.n) {
      throw new Error(
        `reviews holds ${owner.rowCount} of the ${copied.rows[0]?.n} copies' originals as published`,
      );
    }
    progress(`reviews: ${owner.rowCount} copies written; rewriting content in publish order`);
    await client.query('TRUNCATE content.content');
    await client.query(
      `INSERT INTO content.content (review_id, slug, camera_id, author_id, title, body, rating, pros, cons,
         verdict, language, published_at, updated_at, version, camera_name, author_name, public_json,
         public_json_version)
       SELECT s.new_id, s.new_slug, s.camera_id, s.author_id, s.title, s.body, s.rating, s.pros, s.cons,
         s.verdict, s.language, s.new_published_at, s.new_updated_at, s.version, s.camera_name, s.author_name,
         CASE WHEN s.k = 0 THEN s.public_json ELSE ${publicJson} END, s.public_json_version
       FROM synthetic s
       ORDER BY s.new_published_at, s.new_id`,
    );
    await client.query(
      `INSERT INTO content.review_versions (review_id, version)
       SELECT new_id, version FROM synthetic WHERE k > 0`,
    );
    await client.query(
      `INSERT INTO content.content_search_state (review_id, slug, camera_id, author_id, brand, words)
       SELECT s.new_id, s.new_slug, st.camera_id, st.author_id, st.brand, st.words
       FROM synthetic s JOIN content.content_search_state st ON st.review_id = s.review_id
       WHERE s.k > 0`,
    );
    // Vocabulary and counters recounted from the kept states (as migration 003 counts them).
    await client.query('DELETE FROM content.search_vocabulary');
    await client.query(
      `INSERT INTO content.search_vocabulary (word, documents)
       SELECT w.word, COUNT(*)::int FROM content.content_search_state s, unnest(s.words) AS w(word)
       GROUP BY w.word`,
    );
    await client.query('DELETE FROM content.content_counts');
    await client.query(
      `INSERT INTO content.content_counts (scope, key, total)
       SELECT k.scope, k.key, COUNT(*)::int
       FROM content.content_search_state s,
         LATERAL (VALUES ('all', ''), ('camera', s.camera_id), ('author', s.author_id), ('brand', s.brand)) AS k(scope, key)
       WHERE k.key IS NOT NULL
       GROUP BY k.scope, k.key`,
    );
    await checkConsistent(client, published);
    await client.query('COMMIT');
    const vocabulary = await client.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM content.search_vocabulary',
    );
    await checkPublicJson(client, progress);
    return {
      base: base.n,
      published,
      copies,
      shiftSeconds: base.shift,
      vocabulary: vocabulary.rows[0]?.n ?? 0,
      buildMs: Date.now() - started,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** The owner, the read model, its states and its counters all hold the same reviews. */
async function checkConsistent(client: pg.Client, published: number): Promise<void> {
  const { rows } = await client.query<Record<string, number>>(
    `SELECT (SELECT COUNT(*)::int FROM content.content) AS content,
       (SELECT COUNT(*)::int FROM content.content_search_state) AS states,
       (SELECT COUNT(*)::int FROM content.content c JOIN content.review_versions v USING (review_id)
          WHERE v.version = c.version) AS versions,
       (SELECT COUNT(*)::int FROM content.content c JOIN reviews.reviews r ON r.id::text = c.review_id
          WHERE r.status = 'published' AND r.slug = c.slug AND r.published_at = c.published_at) AS owner,
       (SELECT COUNT(*)::int FROM reviews.reviews WHERE status = 'published') AS "ownerPublished",
       (SELECT total FROM content.content_counts WHERE scope = 'all' AND key = '') AS counter`,
  );
  const found = rows[0] ?? {};
  const wrong = Object.entries(found).filter(([, n]) => n !== published);
  if (wrong.length > 0) {
    throw new Error(`synthetic data set inconsistent (want ${published} each): ${JSON.stringify(found)}`);
  }
}

/** Every stored public JSON is exactly what content's renderer makes of its row (read in batches). */
async function checkPublicJson(client: pg.Client, progress: (line: string) => void): Promise<void> {
  let after = '';
  let checked = 0;
  for (;;) {
    const { rows } = await client.query<
      Parameters<typeof renderPublicReview>[0] &
        Parameters<typeof renderPublicReview>[1] & { publicJson: string }
    >(
      `SELECT c.review_id AS "reviewId", c.slug, c.camera_id AS "cameraId", c.author_id AS "authorId",
         c.title, c.body, c.rating, c.pros, c.cons, c.verdict, c.language,
         to_json(c.published_at)#>>'{}' AS "publishedAt", to_json(c.updated_at)#>>'{}' AS "updatedAt",
         c.version, c.camera_name AS "cameraName", c.author_name AS "authorName", c.public_json AS "publicJson"
       FROM content.content c WHERE c.review_id COLLATE "C" > $1 COLLATE "C"
       ORDER BY c.review_id COLLATE "C" LIMIT 5000`,
      [after],
    );
    for (const row of rows) {
      const rendered = renderPublicReview(row, row);
      if (rendered !== row.publicJson) {
        throw new Error(
          `public JSON of ${row.reviewId} differs from its rendering:\n${row.publicJson}\n${rendered}`,
        );
      }
    }
    checked += rows.length;
    if (rows.length < 5000) break;
    after = rows.at(-1)?.reviewId ?? '';
  }
  progress(`public JSON of all ${checked} reviews checked against content's renderer`);
}
