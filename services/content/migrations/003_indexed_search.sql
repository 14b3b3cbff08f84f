-- Search answered from indexes only (ADR 0014). Replaces 002's 'simple' document and its trigram match
-- over every body: documents are stemmed by the review's language, typos are corrected against a
-- vocabulary of indexed words (trigram index on words, not bodies), and list totals come from counters.
-- Runs on PostgreSQL 15+ and PGlite (PostgreSQL 18).

-- Trigram similarity of two whole strings (vocabulary correction) and its boolean form `a % b` (at least
-- pg_trgm.similarity_threshold; plain SQL, so the planner inlines it and uses the trigram index on `a`),
-- naming the extension's objects by their schema like 002's functions.
DO $$
DECLARE
  trgm_schema text := (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'
  );
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_word_similarity(a text, b text) RETURNS real LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT %I.similarity(a, b)', trgm_schema)
  );
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_similar(a text, b text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS %L',
    format('SELECT a OPERATOR(%I.%%) b', trgm_schema)
  );
END
$$;

-- The words a review is found by, folded and unstemmed: the vocabulary typos are corrected against.
CREATE OR REPLACE FUNCTION search_words(title text, camera_name text, verdict text, body text)
  RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT tsvector_to_array(to_tsvector('simple'::regconfig,
    search_fold(title || ' ' || camera_name || ' ' || verdict || ' ' || body)))
$$;

-- Only a non-empty query may select documents of a language: a query of stop words only selects none
-- (as websearch_to_tsquery does) instead of every document carrying the language's marker ('@none' is
-- in no document).
CREATE OR REPLACE FUNCTION search_branch(marker tsquery, query tsquery)
  RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(query) = 0 THEN '@none'::tsquery ELSE marker && query END
$$;

DROP INDEX IF EXISTS content_search_vector;
DROP INDEX IF EXISTS content_search_text;
ALTER TABLE content DROP COLUMN IF EXISTS search_vector;
ALTER TABLE content DROP COLUMN IF EXISTS search_text;
ALTER TABLE content DROP COLUMN IF EXISTS search_title;

-- The ranked document, stemmed by the review's language ('es' Spanish, 'en' English, anything else
-- unstemmed) after folding (accent-insensitive both ways): title and camera weigh most (A), then the
-- verdict (B), then the body (C). One marker lexeme names the language ('@es', '@en', '@simple'; the
-- parser never makes a word starting with '@'), so a query stemmed for a language selects only
-- documents of that language (see content-search.ts).
ALTER TABLE content ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS (
  CASE split_part(lower(language), '-', 1)
    WHEN 'es' THEN
      setweight(to_tsvector('spanish'::regconfig, search_fold(title || ' ' || camera_name)), 'A')
      || setweight(to_tsvector('spanish'::regconfig, search_fold(verdict)), 'B')
      || setweight(to_tsvector('spanish'::regconfig, search_fold(body)), 'C')
      || '@es'::tsvector
    WHEN 'en' THEN
      setweight(to_tsvector('english'::regconfig, search_fold(title || ' ' || camera_name)), 'A')
      || setweight(to_tsvector('english'::regconfig, search_fold(verdict)), 'B')
      || setweight(to_tsvector('english'::regconfig, search_fold(body)), 'C')
      || '@en'::tsvector
    ELSE
      setweight(to_tsvector('simple'::regconfig, search_fold(title || ' ' || camera_name)), 'A')
      || setweight(to_tsvector('simple'::regconfig, search_fold(verdict)), 'B')
      || setweight(to_tsvector('simple'::regconfig, search_fold(body)), 'C')
      || '@simple'::tsvector
  END
) STORED;
CREATE INDEX IF NOT EXISTS content_search_document ON content USING gin (search_document);

-- Indexed words and how many published reviews hold each; corrections look words up by trigrams.
CREATE TABLE IF NOT EXISTS search_vocabulary (
  word text PRIMARY KEY,
  documents integer NOT NULL
);
DO $$
DECLARE
  trgm_schema text := (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'
  );
BEGIN
  EXECUTE format('CREATE INDEX IF NOT EXISTS search_vocabulary_trgm ON search_vocabulary USING gin (word %I.gin_trgm_ops)', trgm_schema);
END
$$;

-- List totals kept by the projection: scope 'all' (key ''), 'camera' (camera id), 'brand' (lower-cased
-- brand), 'author' (editor id).
CREATE TABLE IF NOT EXISTS content_counts (
  scope text NOT NULL,
  key text NOT NULL,
  total integer NOT NULL,
  PRIMARY KEY (scope, key)
);

-- What the vocabulary and the counters last counted for each review (absent: not counted), so that the
-- projection can apply the difference when the review changes or leaves.
CREATE TABLE IF NOT EXISTS content_search_state (
  review_id text PRIMARY KEY,
  slug text NOT NULL,
  camera_id text NOT NULL,
  author_id text NOT NULL,
  brand text,
  words text[] NOT NULL
);
CREATE INDEX IF NOT EXISTS content_search_state_slug ON content_search_state (slug);
CREATE INDEX IF NOT EXISTS content_search_state_camera ON content_search_state (camera_id);

-- Counted from the rows already here (a database migrated with reviews in it).
INSERT INTO content_search_state (review_id, slug, camera_id, author_id, brand, words)
SELECT c.review_id, c.slug, c.camera_id, c.author_id, lower(cam.brand),
  search_words(c.title, c.camera_name, c.verdict, c.body)
FROM content c LEFT JOIN cameras cam ON cam.id = c.camera_id
ON CONFLICT (review_id) DO NOTHING;

INSERT INTO search_vocabulary (word, documents)
SELECT w.word, COUNT(*)::int FROM content_search_state s, unnest(s.words) AS w(word) GROUP BY w.word
ON CONFLICT (word) DO NOTHING;

INSERT INTO content_counts (scope, key, total)
SELECT k.scope, k.key, COUNT(*)::int
FROM content_search_state s,
  LATERAL (VALUES ('all', ''), ('camera', s.camera_id), ('author', s.author_id), ('brand', s.brand)) AS k(scope, key)
WHERE k.key IS NOT NULL
GROUP BY k.scope, k.key
ON CONFLICT (scope, key) DO NOTHING;
