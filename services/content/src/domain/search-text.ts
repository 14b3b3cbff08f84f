import { SEARCH_TEXT_MAX_LENGTH } from '@rcr/contracts';

/** Words of a search text beyond this many are ignored (each one is a condition of the query). */
export const MAX_QUERY_WORDS = 8;
/** Words at least this long may also match with a typo (trigram similarity); shorter ones only as a prefix. */
export const FUZZY_MIN_LENGTH = 4;
/** pg_trgm word similarity a typo'd word needs to match (0–1; pg_trgm's own default, 0.6, misses `fujfilm`). */
export const FUZZY_THRESHOLD = 0.5;

/** One word of a search text, already folded (lower-case, no accents) by the database. */
export interface SearchWord {
  /** The folded word. */
  text: string;
  /** Whether a similar word (a typo) also matches, not only a word starting with it. */
  fuzzy: boolean;
}

/**
 * Splits a folded search text into its words: runs of letters and digits, each once, at most
 * MAX_QUERY_WORDS. Punctuation only separates, so no word can carry tsquery or LIKE syntax.
 */
export function searchWords(folded: string): SearchWord[] {
  const words = [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))];
  return words
    .slice(0, MAX_QUERY_WORDS)
    .map((text) => ({ text, fuzzy: [...text].length >= FUZZY_MIN_LENGTH }));
}

/** A trimmed search text, undefined when blank; too long a text is reported on `field`. */
export function searchText(
  value: string | undefined,
  field: string,
  fieldErrors: { field: string; message: string }[],
): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text.length > SEARCH_TEXT_MAX_LENGTH) {
    fieldErrors.push({ field, message: `must be at most ${SEARCH_TEXT_MAX_LENGTH} characters` });
    return undefined;
  }
  return text;
}
