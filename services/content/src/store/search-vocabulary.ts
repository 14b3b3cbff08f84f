import { prepared, type Queryable } from '@rcr/platform';
import { keptCorrections, MAX_CORRECTIONS, type QueryWord } from '../domain/search-text.ts';

/**
 * The search vocabulary (indexed words with the number of published reviews holding each) and the list
 * counters (all, per camera, brand and author), kept by the projection in the transaction that changes
 * `content` or `cameras`: each review's last counted state is in content_search_state, and a sync
 * applies the difference between it and the review's current row (absent when it left public view).
 */

/**
 * Brings the vocabulary and counters up to date for these reviews (after their `content` row was
 * written or deleted). A review that lost its slug to one of them (upsertContent removes it) is synced too.
 * Events of different reviews are applied in parallel and share counter and word rows: rows are upserted
 * in key order, so two transactions never wait on each other in a cycle.
 */
export async function syncSearchIndex(db: Queryable, reviewIds: readonly string[]): Promise<void> {
  if (reviewIds.length === 0) return;
  // One statement (one round trip): the reviews and those displaced by them, what was counted for them
  // (old) and what is to be counted now (new), the differences applied to counters and words, the state
  // kept for reviews in `content` and dropped for those not in it (disjoint rows); then the words left
  // in no document are deleted (rarely any).
  const emptied = await db.query<{ word: string }>(
    prepared(`WITH ids AS (
       SELECT unnest($1::text[]) AS review_id
       UNION
       SELECT s.review_id FROM content_search_state s
       WHERE s.slug IN (SELECT c.slug FROM content c WHERE c.review_id = ANY($1::text[]))
         AND NOT EXISTS (SELECT 1 FROM content c WHERE c.review_id = s.review_id)
     ), old AS (
       SELECT * FROM content_search_state WHERE review_id IN (SELECT review_id FROM ids)
     ), new AS (
       SELECT c.review_id, c.slug, c.camera_id, c.author_id, lower(cam.brand) AS brand,
         search_words(c.title, c.camera_name, c.verdict, c.body) AS words
       FROM content c LEFT JOIN cameras cam ON cam.id = c.camera_id
       WHERE c.review_id IN (SELECT review_id FROM ids)
     ), count_deltas AS (
       SELECT k.scope, k.key, SUM(k.d)::int AS d FROM (
         SELECT x.scope, x.key, -1 AS d FROM old,
           LATERAL (VALUES ('all', ''), ('camera', old.camera_id), ('author', old.author_id), ('brand', old.brand)) AS x(scope, key)
         UNION ALL
         SELECT x.scope, x.key, 1 AS d FROM new,
           LATERAL (VALUES ('all', ''), ('camera', new.camera_id), ('author', new.author_id), ('brand', new.brand)) AS x(scope, key)
       ) k
       WHERE k.key IS NOT NULL GROUP BY k.scope, k.key HAVING SUM(k.d) <> 0
     ), word_deltas AS (
       SELECT w.word, SUM(w.d)::int AS d FROM (
         SELECT unnest(old.words) AS word, -1 AS d FROM old
         UNION ALL
         SELECT unnest(new.words) AS word, 1 AS d FROM new
       ) w
       GROUP BY w.word HAVING SUM(w.d) <> 0
     ), counted AS (
       INSERT INTO content_counts (scope, key, total) SELECT scope, key, d FROM count_deltas ORDER BY scope, key
       ON CONFLICT (scope, key) DO UPDATE SET total = content_counts.total + EXCLUDED.total
     ), worded AS (
       INSERT INTO search_vocabulary (word, documents) SELECT word, d FROM word_deltas ORDER BY word
       ON CONFLICT (word) DO UPDATE SET documents = search_vocabulary.documents + EXCLUDED.documents
       RETURNING word, documents
     ), kept AS (
       INSERT INTO content_search_state (review_id, slug, camera_id, author_id, brand, words)
       SELECT review_id, slug, camera_id, author_id, brand, words FROM new
       ON CONFLICT (review_id) DO UPDATE SET slug = EXCLUDED.slug, camera_id = EXCLUDED.camera_id,
         author_id = EXCLUDED.author_id, brand = EXCLUDED.brand, words = EXCLUDED.words
     ), dropped AS (
       DELETE FROM content_search_state s WHERE s.review_id IN (SELECT review_id FROM ids)
         AND NOT EXISTS (SELECT 1 FROM content c WHERE c.review_id = s.review_id)
     )
     SELECT word FROM worded WHERE documents <= 0`),
    [reviewIds],
  );
  if (emptied.length > 0) {
    await db.query('DELETE FROM search_vocabulary WHERE word = ANY($1::text[]) AND documents <= 0', [
      emptied.map((row) => row.word),
    ]);
  }
}

/**
 * Brings the vocabulary and counters up to date for the reviews of a camera that was written or
 * deleted: its name is part of their documents and its brand decides their brand counter.
 */
export async function syncCameraReviews(db: Queryable, cameraId: string): Promise<void> {
  const rows = await db.query<{ reviewId: string }>(
    `SELECT review_id AS "reviewId" FROM content WHERE camera_id = $1
     UNION SELECT review_id FROM content_search_state WHERE camera_id = $1`,
    [cameraId],
  );
  await syncSearchIndex(
    db,
    rows.map((row) => row.reviewId),
  );
}

/** A list counter kept by the projection: all published reviews, or those of one camera, brand or author. */
export type ContentCounter =
  { scope: 'all' } | { scope: 'camera' | 'author'; key: string } | { scope: 'brand'; key: string };

/**
 * The words with the indexed words standing in for each correctable word that is not indexed itself
 * (trigram similarity on the vocabulary, at least the transaction's pg_trgm.similarity_threshold; most
 * similar first, then the most used), and the number of reviews holding each candidate correction.
 * Needs inSearchTransaction's threshold.
 */
export async function correctWords(
  db: Queryable,
  words: readonly QueryWord[],
): Promise<{ words: QueryWord[]; documents: Map<string, number> }> {
  const documents = new Map<string, number>();
  const statement = correctionStatement(words);
  if (!statement) return { words: [...words], documents };
  const rows = await db.query<{
    word: string;
    known: boolean;
    corrections: { word: string; similarity: number; documents: number }[];
  }>(statement.text, statement.values);
  const byWord = new Map(rows.map((row) => [row.word, row]));
  for (const row of rows) for (const c of row.corrections) documents.set(c.word, c.documents);
  return {
    words: words.map((word) => {
      const found = word.fuzzy ? byWord.get(word.text) : undefined;
      if (!found || found.known) return word;
      return { ...word, corrections: keptCorrections(found.corrections) };
    }),
    documents,
  };
}

/** The statement of `correctWords` for these words (none when no word is correctable). */
export function correctionStatement(
  words: readonly QueryWord[],
): { text: string; values: unknown[] } | undefined {
  const candidates = words.filter((w) => w.fuzzy).map((w) => w.text);
  if (candidates.length === 0) return undefined;
  return {
    text: `SELECT q.word, k.known,
       CASE WHEN k.known THEN '[]'::json ELSE COALESCE((
         SELECT json_agg(json_build_object('word', s.word, 'similarity', s.similarity, 'documents', s.documents)
           ORDER BY s.similarity DESC, s.documents DESC, s.word)
         FROM (
           SELECT v.word, v.documents, search_word_similarity(v.word, q.word) AS similarity
           FROM search_vocabulary v
           WHERE search_similar(v.word, q.word)
           ORDER BY similarity DESC, v.documents DESC, v.word
           LIMIT $2
         ) s
       ), '[]'::json) END AS corrections
     FROM unnest($1::text[]) AS q(word),
       LATERAL (SELECT EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = q.word) AS known) k`,
    values: [candidates, MAX_CORRECTIONS],
  };
}
