import { prepared, type Database, type Queryable } from '@rcr/platform';
import {
  CORRECTION_THRESHOLD,
  FUZZY_THRESHOLD,
  parseSearch,
  searchWords,
  type QueryWord,
  type SearchWord,
} from '../domain/search-text.ts';
import { correctWords } from './search-vocabulary.ts';

/**
 * Runs `fn` in one read-only transaction set up for search: a page and its total read one snapshot
 * (repeatable read), and trigram matches use the service's thresholds for this transaction only:
 * word similarity for camera names (search_matches), whole-word similarity for vocabulary corrections
 * (search_similar).
 */
export function inSearchTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // Numbers from our own code, never from a request: safe to inline (SET takes no parameters).
    await tx.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${Number(FUZZY_THRESHOLD)}`);
    await tx.query(`SET LOCAL pg_trgm.similarity_threshold = ${Number(CORRECTION_THRESHOLD)}`);
    return fn(tx);
  });
}

/** Folds a search text with the database's own search_fold (the same as the documents). */
async function fold(db: Queryable, text: string): Promise<string> {
  const rows = await db.query<{ folded: string | null }>('SELECT search_fold($1) AS folded', [text]);
  return rows[0]?.folded ?? '';
}

/** The words of a search text, folded by the database's own search_fold (the same as the documents). */
export async function foldedWords(db: Queryable, text: string | undefined): Promise<SearchWord[]> {
  if (!text) return [];
  return searchWords(await fold(db, text));
}

/**
 * What the vocabulary and the counters say about a search, for choosing where its candidates are read
 * from (search-windows.ts): how many published reviews hold each of its words (folded, unstemmed; absent:
 * not indexed), how many are published, and how many the filters' counters allow (camera, brand, author;
 * undefined without such a filter).
 */
export interface WordStats {
  documents: ReadonlyMap<string, number>;
  total: number;
  filtered?: number | undefined;
  /**
   * Indexed words that are stop words of Spanish or English: the reviews of that language are counted
   * in `documents` but do not index them, so their count says little about what they match.
   */
  stopWords?: ReadonlySet<string> | undefined;
}

/** A counter a filter narrows the reviews to (content_counts scope and key). */
export interface FilterCounter {
  scope: 'camera' | 'brand' | 'author';
  key: string;
}

/**
 * The statement that folds a search text and looks its words up in the vocabulary (split the way the
 * database sees letters): `documents` holds each indexed word with the number of published reviews
 * holding it, `stopWords` those that are stop words of a review language; `total` is the published reviews and `filtered` the smallest of the given filter counters
 * (null without one). One round trip for the usual search, whose words are all indexed (primary key
 * lookups).
 */
export function foldStatement(
  text: string,
  counters: readonly FilterCounter[] = [],
): { text: string; values: unknown[] } {
  return {
    // Constant text: a prepared statement (ADR 0036), planned once per connection, not on every search.
    text: prepared(`SELECT f.folded, (
         SELECT COALESCE(json_object_agg(v.word, v.documents), '{}'::json) FROM search_vocabulary v
         WHERE v.word = ANY(regexp_split_to_array(f.folded, '[^[:alnum:]]+'))
       ) AS documents, ARRAY(
         SELECT v.word FROM search_vocabulary v
         WHERE v.word = ANY(regexp_split_to_array(f.folded, '[^[:alnum:]]+'))
           AND (numnode(plainto_tsquery('english', v.word)) = 0 OR numnode(plainto_tsquery('spanish', v.word)) = 0)
       ) AS "stopWords",
       COALESCE((SELECT total FROM content_counts WHERE scope = 'all' AND key = ''), 0)::int AS total,
       (SELECT MIN(COALESCE(n.total, 0))::int FROM unnest($2::text[], $3::text[]) AS k(scope, key)
          LEFT JOIN content_counts n ON n.scope = k.scope AND n.key = k.key) AS filtered
       FROM (SELECT search_fold($1) AS folded) f`),
    values: [text, counters.map((c) => c.scope), counters.map((c) => c.key)],
  };
}

/** A search's words with what the vocabulary says about them. */
export interface ResolvedWords {
  words: QueryWord[];
  stats: WordStats;
}

/**
 * A content search text parsed (websearch syntax, see parseSearch) after folding, each correctable word
 * missing from the vocabulary given its corrections: one statement (foldStatement), and only when a
 * correctable word is not indexed, the corrections (correctWords) in a transaction with their threshold.
 */
export async function queryWords(
  db: Database,
  text: string | undefined,
  counters: readonly FilterCounter[] = [],
): Promise<ResolvedWords> {
  const parsed = await parsedWords(db, text, counters);
  if (!parsed.corrected) return { words: parsed.words, stats: parsed.stats };
  // Only a typo costs a transaction: the correction needs its similarity threshold set (SET LOCAL).
  const corrected = await inSearchTransaction(db, (tx) => correctWords(tx, parsed.words));
  const documents = new Map([...parsed.stats.documents, ...corrected.documents]);
  return { words: corrected.words, stats: { ...parsed.stats, documents } };
}

/** The words of a search text after foldStatement, what the vocabulary says, and whether they need correctWords. */
export async function parsedWords(
  db: Queryable,
  text: string | undefined,
  counters: readonly FilterCounter[] = [],
): Promise<{ words: QueryWord[]; corrected: boolean; stats: WordStats }> {
  if (!text) return { words: [], corrected: false, stats: { documents: new Map(), total: 0 } };
  const folding = foldStatement(text, counters);
  const [row] = await db.query<{
    folded: string | null;
    documents: Record<string, number> | null;
    stopWords: string[] | null;
    total: number;
    filtered: number | null;
  }>(folding.text, folding.values);
  const words = parseSearch(row?.folded ?? '');
  const documents = new Map(Object.entries(row?.documents ?? {}));
  return {
    words,
    corrected: words.some((w) => w.fuzzy && !documents.has(w.text)),
    stats: {
      documents,
      total: row?.total ?? 0,
      filtered: row?.filtered ?? undefined,
      stopWords: new Set(row?.stopWords ?? []),
    },
  };
}
