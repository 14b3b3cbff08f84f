-- Full-text search over published reviews and cameras (M28). The same SQL runs on PostgreSQL 15+ and on
-- PGlite (which loads pg_trgm and unaccent before migrating: see src/service.ts).
--
-- Language-agnostic on purpose: reviews are Spanish and English, so documents use the 'simple' text
-- search configuration (no stemming, no stop words) over lower-cased, accent-folded text. Typos are
-- caught by trigram word similarity (pg_trgm) on the same folded text.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Search functions of this schema, each naming the extension objects it uses by their schema, so that
-- neither they nor the indexes built on them depend on search_path. The extensions may already live in
-- another schema of the database (CREATE EXTENSION is per database), hence the schemas are looked up.
--   search_fold(text)        lower-case, accents removed ('Ñandú' → 'nandu'). unaccent() is only STABLE
--                            (it reads a dictionary): generated columns and indexes need this IMMUTABLE wrapper.
--   search_similarity(a, b)  pg_trgm word_similarity: how well `a` matches some run of words in `b` (0–1).
--   search_matches(doc, w)   doc %> w: word similarity at least pg_trgm.word_similarity_threshold. Plain
--                            SQL, so the planner inlines it and uses the trigram index on `doc`.
DO $$
DECLARE
  unaccent_schema text := (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent'
  );
  trgm_schema text := (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'
  );
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT lower(%I.unaccent(%L::regdictionary, value))', unaccent_schema,
      quote_ident(unaccent_schema) || '.unaccent')
  );
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_similarity(a text, b text) RETURNS real LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT %I.word_similarity(a, b)', trgm_schema)
  );
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_matches(doc text, word text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS %L',
    format('SELECT doc OPERATOR(%I.%%>) word', trgm_schema)
  );
END
$$;

-- The camera's name (brand and model), denormalised into each review by the projection so that the
-- search document can be a generated column of the row itself.
ALTER TABLE content ADD COLUMN IF NOT EXISTS camera_name text NOT NULL DEFAULT '';
UPDATE content c SET camera_name = TRIM(cam.brand || ' ' || cam.model)
FROM cameras cam WHERE cam.id = c.camera_id;

-- The ranked document: title and camera weigh most (A), then the verdict (B), then the body (C).
ALTER TABLE content ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, search_fold(title)), 'A')
  || setweight(to_tsvector('simple'::regconfig, search_fold(camera_name)), 'A')
  || setweight(to_tsvector('simple'::regconfig, search_fold(verdict)), 'B')
  || setweight(to_tsvector('simple'::regconfig, search_fold(body)), 'C')
) STORED;

-- The same text as one folded string, for typo-tolerant trigram matching.
ALTER TABLE content ADD COLUMN IF NOT EXISTS search_text text GENERATED ALWAYS AS (
  search_fold(title || ' ' || camera_name || ' ' || verdict || ' ' || body)
) STORED;

-- Title and camera only: a close (typo'd) match here ranks above one in the body.
ALTER TABLE content ADD COLUMN IF NOT EXISTS search_title text GENERATED ALWAYS AS (
  search_fold(title || ' ' || camera_name)
) STORED;

-- Sort key of `sort=title`: folded and byte-ordered, so PostgreSQL and PGlite (whose default collations
-- differ) order titles, and compare cursors, identically.
ALTER TABLE content ADD COLUMN IF NOT EXISTS title_key text COLLATE "C" GENERATED ALWAYS AS (
  search_fold(title)
) STORED;

-- Camera name search: brand and model, folded.
ALTER TABLE cameras ADD COLUMN IF NOT EXISTS search_text text GENERATED ALWAYS AS (
  search_fold(brand || ' ' || model)
) STORED;

CREATE INDEX IF NOT EXISTS content_search_vector ON content USING gin (search_vector);

-- Trigram indexes name the operator class by its schema, for the same reason as above.
DO $$
DECLARE
  trgm_schema text := (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'
  );
BEGIN
  EXECUTE format('CREATE INDEX IF NOT EXISTS content_search_text ON content USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
  EXECUTE format('CREATE INDEX IF NOT EXISTS cameras_search_text ON cameras USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
END
$$;

-- Keyset orderings of the other sorts and filters (review_id breaks ties).
CREATE INDEX IF NOT EXISTS content_by_update ON content (updated_at DESC, review_id DESC);
CREATE INDEX IF NOT EXISTS content_by_rating ON content (rating DESC, review_id DESC);
CREATE INDEX IF NOT EXISTS content_by_title ON content (title_key, review_id);
CREATE INDEX IF NOT EXISTS content_by_author ON content (author_id, published_at DESC, review_id DESC);
