import type { Database, Queryable } from '@rcr/platform';
import { FUZZY_THRESHOLD, searchWords, type SearchWord } from '../domain/search-text.ts';

/**
 * Runs `fn` in one read-only transaction set up for search: a page and its total read one snapshot
 * (repeatable read), and trigram matches (search_matches) use the service's typo threshold for this
 * transaction only.
 */
export function inSearchTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // A number from our own code, never from a request: safe to inline (SET takes no parameters).
    await tx.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${Number(FUZZY_THRESHOLD)}`);
    return fn(tx);
  });
}

/** The words of a search text, folded by the database's own search_fold (the same as the documents). */
export async function foldedWords(db: Queryable, text: string | undefined): Promise<SearchWord[]> {
  if (!text) return [];
  const rows = await db.query<{ folded: string | null }>('SELECT search_fold($1) AS folded', [text]);
  return searchWords(rows[0]?.folded ?? '');
}
