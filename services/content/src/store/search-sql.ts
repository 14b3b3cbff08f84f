import type { Database, Queryable } from '@rcr/platform';
import {
  CORRECTION_THRESHOLD,
  FUZZY_THRESHOLD,
  FUZZY_MIN_LENGTH,
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
 * The statement that folds a search text and looks its words up in the vocabulary (split the way the
 * database sees letters, at least FUZZY_MIN_LENGTH characters): `indexed` are those found. One round
 * trip for the usual search, whose words are all indexed (primary key lookups).
 */
export function foldStatement(text: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT f.folded, ARRAY(
         SELECT DISTINCT w.word FROM regexp_split_to_table(f.folded, '[^[:alnum:]]+') AS w(word)
         WHERE char_length(w.word) >= $2
           AND EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = w.word)
       ) AS indexed
       FROM (SELECT search_fold($1) AS folded) f`,
    values: [text, FUZZY_MIN_LENGTH],
  };
}

/**
 * A content search text parsed (websearch syntax, see parseSearch) after folding, each correctable word
 * missing from the vocabulary given its corrections: one statement (foldStatement), and only when a
 * correctable word is not indexed, the corrections (correctWords) in a transaction with their threshold.
 */
export async function queryWords(db: Database, text: string | undefined): Promise<QueryWord[]> {
  const { words, corrected } = await parsedWords(db, text);
  // Only a typo costs a transaction: the correction needs its similarity threshold set (SET LOCAL).
  return corrected ? inSearchTransaction(db, (tx) => correctWords(tx, words)) : words;
}

/** The words of a search text after foldStatement, and whether they need correctWords. */
export async function parsedWords(
  db: Queryable,
  text: string | undefined,
): Promise<{ words: QueryWord[]; corrected: boolean }> {
  if (!text) return { words: [], corrected: false };
  const folding = foldStatement(text);
  const [row] = await db.query<{ folded: string | null; indexed: string[] }>(folding.text, folding.values);
  const words = parseSearch(row?.folded ?? '');
  const indexed = new Set(row?.indexed ?? []);
  return { words, corrected: words.some((w) => w.fuzzy && !indexed.has(w.text)) };
}
