-- Search reads only the words it looks for (ADR 0014, amended): one GIN index per document language
-- instead of one for all. A query used to AND each language's words with its marker lexeme ('@es', '@en',
-- '@simple') and OR the three branches; no entry was required by every branch, so GIN read the markers'
-- posting lists (about half of all reviews each) on every search. Each branch now names its language by
-- the expression the document was built with (003), so the planner takes that language's partial index,
-- which holds only that language's documents: the markers are not needed to tell them apart (they stay in
-- the documents, unused).
--
-- The planner needs to know how many reviews each language has (without statistics on the expression it
-- assumes 0.5 % and then reads every match instead of ANDing the index with the window of newest reviews
-- the query asks for): extended statistics on the expression, gathered now and by every ANALYZE.

-- A branch whose words were all stop words matches nothing (as websearch_to_tsquery's empty query would)
-- instead of every document of its language: '@none' is in no document.
CREATE OR REPLACE FUNCTION search_nonempty(query tsquery)
  RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(query) = 0 THEN '@none'::tsquery ELSE query END
$$;

CREATE INDEX IF NOT EXISTS content_search_es ON content USING gin (search_document)
  WHERE split_part(lower(language), '-', 1) = 'es';
CREATE INDEX IF NOT EXISTS content_search_en ON content USING gin (search_document)
  WHERE split_part(lower(language), '-', 1) = 'en';
CREATE INDEX IF NOT EXISTS content_search_other ON content USING gin (search_document)
  WHERE split_part(lower(language), '-', 1) NOT IN ('es', 'en');
DROP INDEX IF EXISTS content_search_document;

CREATE STATISTICS IF NOT EXISTS content_language_key ON (split_part(lower(language), '-', 1)) FROM content;
ANALYZE content;
