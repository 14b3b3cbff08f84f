import type { Database, Queryable } from '@rcr/platform';
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
 * A content search text parsed (websearch syntax, see parseSearch) after folding, each correctable word
 * missing from the vocabulary given its corrections. Needs inSearchTransaction's thresholds.
 */
export async function queryWords(db: Queryable, text: string | undefined): Promise<QueryWord[]> {
  if (!text) return [];
  return correctWords(db, parseSearch(await fold(db, text)));
}
