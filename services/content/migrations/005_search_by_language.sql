-- Search reads only the words it looks for, and only the newest reviews it needs (ADR 0014, amended).
--
-- 1. One GIN index per document language instead of one for all. A query used to AND each language's
--    words with its marker lexeme ('@es', '@en', '@simple') and OR the three branches; no entry was
--    required by every branch, so GIN read the markers' posting lists (about half of all reviews each)
--    on every search. Each branch now names its language by the expression the document was built with
--    (003), so the planner takes that language's partial index, which holds only that language's
--    documents: the markers are not needed to tell them apart (they stay in the documents, unused).
-- 2. published_at is the second column of each of these indexes (btree_gin), so a search for the newest
--    matches among the newest N reviews (content-search.ts, rankedStatement) is one index scan whatever
--    the planner estimates: the range is an index condition of the same index, never a filter applied
--    after reading every match from the heap.

CREATE EXTENSION IF NOT EXISTS btree_gin;

-- A branch whose words were all stop words matches nothing (as websearch_to_tsquery's empty query would)
-- instead of every document of its language: '@none' is in no document.
CREATE OR REPLACE FUNCTION search_nonempty(query tsquery)
  RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(query) = 0 THEN '@none'::tsquery ELSE query END
$$;

-- btree_gin's operator class for timestamptz is the default one of its type, wherever the extension
-- lives, so the index needs no schema-qualified operator class.
CREATE INDEX IF NOT EXISTS content_search_es ON content USING gin (search_document, published_at)
  WHERE split_part(lower(language), '-', 1) = 'es';
CREATE INDEX IF NOT EXISTS content_search_en ON content USING gin (search_document, published_at)
  WHERE split_part(lower(language), '-', 1) = 'en';
CREATE INDEX IF NOT EXISTS content_search_other ON content USING gin (search_document, published_at)
  WHERE split_part(lower(language), '-', 1) NOT IN ('es', 'en');
DROP INDEX IF EXISTS content_search_document;
