import { SEARCH_TEXT_MAX_LENGTH } from '@rcr/contracts';

/** Words of a search text beyond this many are ignored (each one is a condition of the query). */
export const MAX_QUERY_WORDS = 8;
/** Words at least this long may also match with a typo (trigram similarity); shorter ones only as a prefix. */
export const FUZZY_MIN_LENGTH = 4;
/** pg_trgm word similarity a typo'd word needs to match (0–1; pg_trgm's own default, 0.6, misses `fujfilm`). */
export const FUZZY_THRESHOLD = 0.5;
/**
 * pg_trgm similarity an indexed word needs to stand in for a query word missing from the vocabulary
 * (`fujfilm` → `fujifilm` is 0.55). Whole-word similarity, since both sides are single words.
 */
export const CORRECTION_THRESHOLD = 0.45;
/** At most this many indexed words stand in for one query word missing from the vocabulary. */
export const MAX_CORRECTIONS = 3;
/** Corrections less similar than the best one by more than this are dropped (they add noise, not recall). */
const CORRECTION_SPREAD = 0.1;
/** The last word matches as a prefix too (type-ahead) when it has at least this many characters. */
export const PREFIX_MIN_LENGTH = 3;

/** One word of a search text, already folded (lower-case, no accents) by the database. */
export interface SearchWord {
  /** The folded word. */
  text: string;
  /** Whether a similar word (a typo) also matches, not only a word starting with it. */
  fuzzy: boolean;
}

/**
 * One word of a content search (websearch syntax): the word, the term it belongs to (a quoted phrase or a
 * hyphenated token is one term of several words, which must appear in order), whether the term is
 * excluded (`-word`) or an alternative to the previous one (`a or b`), whether the word also matches as a
 * prefix, and the indexed words standing in for it when it is not indexed itself (filled by the store).
 */
export interface QueryWord extends SearchWord {
  term: number;
  negated: boolean;
  /** This word's term is OR-ed with the previous term (set on every word of the term). */
  orPrevious: boolean;
  prefix: boolean;
  corrections: readonly string[];
}

/**
 * Parses a folded search text the way `websearch_to_tsquery` reads one: `"quoted phrase"`, `-excluded`
 * (word or phrase), `a or b`; any other words must all match. Punctuation inside a token makes it a
 * phrase of its words (`a7-iv`). At most MAX_QUERY_WORDS words; a repeated plain word counts once. The
 * last word, when plain and long enough, also matches as a prefix; plain words of FUZZY_MIN_LENGTH
 * characters or more may be corrected through the vocabulary.
 */
export function parseSearch(folded: string): QueryWord[] {
  const words: QueryWord[] = [];
  const seen = new Set<string>();
  let term = 0;
  let pendingOr = false;
  let lastQuoted = false;
  const tokens = folded.matchAll(/(-?)"([^"]*)"?|(-?)([^\s"]+)/gu);
  for (const token of tokens) {
    const quoted = token[2] !== undefined;
    const negated = (quoted ? token[1] : token[3]) === '-';
    const raw = (quoted ? token[2] : token[4]) ?? '';
    if (!quoted && !negated && raw === 'or') {
      pendingOr = words.length > 0;
      continue;
    }
    const parts = raw.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
    if (parts.length === 0) continue;
    const key = `${negated ? '-' : ''}${parts.join(' ')}`;
    if (seen.has(key)) continue;
    if (words.length + parts.length > MAX_QUERY_WORDS) break;
    seen.add(key);
    term += 1;
    const single = parts.length === 1 && !negated;
    for (const text of parts) {
      words.push({
        text,
        fuzzy: single && [...text].length >= FUZZY_MIN_LENGTH,
        term,
        negated,
        orPrevious: pendingOr,
        prefix: false,
        corrections: [],
      });
    }
    pendingOr = false;
    lastQuoted = quoted;
  }
  const last = words.at(-1);
  const alone = words.filter((w) => w.term === last?.term).length === 1;
  if (last && alone && !last.negated && !lastQuoted && [...last.text].length >= PREFIX_MIN_LENGTH) {
    last.prefix = true;
  }
  return words;
}

/**
 * The corrections to keep for a word out of candidates ordered best first: those at most
 * CORRECTION_SPREAD less similar than the best, at most MAX_CORRECTIONS.
 */
export function keptCorrections(candidates: readonly { word: string; similarity: number }[]): string[] {
  const best = candidates[0]?.similarity ?? 0;
  return candidates
    .filter((c) => c.similarity >= best - CORRECTION_SPREAD)
    .slice(0, MAX_CORRECTIONS)
    .map((c) => c.word);
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
