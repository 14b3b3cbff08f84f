import type { ContentFilter } from '../domain/list-content.ts';
import type { QueryWord } from '../domain/search-text.ts';
import type { WordStats } from './search-sql.ts';

/**
 * Where a relevance-ordered search reads its candidates (the newest `cap + 1` matches) from, chosen from
 * what the vocabulary says about its words (ADR 0014, second amendment): the newest reviews in windows
 * sized so that the first one is expected to hold enough matches, each next one WINDOW_GROWTH times
 * larger, then all reviews; or all reviews at once when fewer matches than that are expected anyway.
 */

/** A window holds this many times the reviews expected to give `cap + 1` matches (the estimate is rough). */
export const WINDOW_MARGIN = 1.5;
/** Each next window is this many times the last. */
export const WINDOW_GROWTH = 4;
/** Ratings are assumed spread evenly over 0–RATING_MAX for a minimum rating's share (no counter knows it). */
const RATING_MAX = 10;
/** The smallest share an exclusion is assumed to leave. */
const MIN_EXCLUSION_SHARE = 0.05;

/** The query's words as AND-ed groups of OR-ed terms, each term one word or the words of a phrase. */
export function termGroups(words: readonly QueryWord[]): QueryWord[][][] {
  const groups: QueryWord[][][] = [];
  for (const word of words) {
    const group = groups.at(-1);
    const term = group?.at(-1);
    if (term && term[0]?.term === word.term) term.push(word);
    else if (group && word.orPrevious) group.push([word]);
    else groups.push([[word]]);
  }
  return groups;
}

/**
 * Reviews holding a word or one of its corrections, by the vocabulary (the unstemmed word: its stem or
 * prefix may match more). A word the vocabulary does not know counts as in no review: corrections were
 * looked for (a word of another inflection finds its indexed forms), so it is most likely in none, and
 * reading all matches at once is cheap then; windows of a word matching nothing would each be read to
 * the end.
 */
function wordDocuments(word: QueryWord, stats: WordStats): number {
  const known = [word.text, ...word.corrections].map((w) => stats.documents.get(w) ?? 0);
  return Math.min(
    stats.total,
    known.reduce((sum, n) => sum + n, 0),
  );
}

/**
 * The share of published reviews expected to match the words and filters (0–1): a phrase as its rarest
 * word, OR-ed terms added, AND-ed groups as the rarest of them (words searched together are usually
 * found together: multiplying their shares as if independent made a five-word query of one sentence
 * look 4,000 times rarer than it was, and it read all 15,800 reviews holding the words), an exclusion
 * leaving the rest, a camera, brand or author filter by its counter, a minimum rating as if ratings were spread evenly.
 * An overestimate costs a short window and the next, WINDOW_GROWTH times larger.
 */
export function expectedShare(words: readonly QueryWord[], filter: ContentFilter, stats: WordStats): number {
  if (stats.total <= 0) return 1;
  let share = 1;
  let exclusions = 1;
  let estimated = false;
  const isStop = (word: QueryWord) => stats.stopWords?.has(word.text) ?? false;
  for (const group of termGroups(words)) {
    // Stop words tell nothing (see WordStats.stopWords): a term of stop words only is left out.
    if (group.some((term) => term.every(isStop))) continue;
    const termShares = group.map(
      (term) =>
        Math.min(...term.filter((w) => !isStop(w)).map((word) => wordDocuments(word, stats))) / stats.total,
    );
    const groupShare = Math.min(
      1,
      termShares.reduce((sum, s) => sum + s, 0),
    );
    if (group[0]?.[0]?.negated) exclusions *= Math.max(MIN_EXCLUSION_SHARE, 1 - groupShare);
    else {
      share = Math.min(share, groupShare);
      estimated = true;
    }
  }
  // Only stop words (and exclusions): they match in the languages that index them, few reviews at most.
  if (!estimated) return 0;
  share *= exclusions;
  if (stats.filtered !== undefined) share *= Math.min(1, stats.filtered / stats.total);
  if (filter.minRating !== undefined) {
    share *= Math.min(1, Math.max(MIN_EXCLUSION_SHARE, (RATING_MAX - filter.minRating) / RATING_MAX));
  }
  return share;
}

/**
 * The sizes of the windows of newest reviews to read candidates from, in order, before all reviews:
 * none when fewer than `cap + 1` matches are expected in all of them (reading every match is then what
 * the count needs anyway), else from WINDOW_MARGIN × the reviews expected to hold `cap + 1` matches
 * (rounded up by windowBucket), growing by WINDOW_GROWTH, while smaller than the published reviews.
 */
export function candidateWindows(share: number, cap: number, total: number): number[] {
  const wanted = cap + 1;
  if (total <= 0 || share * total < wanted) return [];
  const sizes: number[] = [];
  for (let size = windowBucket((wanted * WINDOW_MARGIN) / share); size < total; size *= WINDOW_GROWTH) {
    sizes.push(size);
  }
  return sizes;
}

/**
 * A window size rounded up to the next power of 2^¼ (at most 19 % more reviews): few distinct sizes, so
 * their bounds can be remembered for a while (content-search.ts, candidateWindowsOf).
 */
export function windowBucket(size: number): number {
  return Math.ceil(2 ** (Math.ceil(4 * Math.log2(Math.max(1, size))) / 4));
}

/**
 * From this share of matches on, a window of one word is read by walking the newest reviews and testing
 * each (it stops at the cap, after about `cap / share` reviews); below it, through the GIN index ANDed
 * with the window's range. The planner does not count the document's TOAST read per walked review, so
 * left to itself it walked windows of words in a fifth of the reviews too (2,800 reviews for 501
 * matches, where the bitmap read 743).
 */
export const WALK_SHARE = 0.25;

/**
 * The word a window reads its candidates by, through the GIN index ANDed with the window's range: the
 * rarest word every match must hold (a word or phrase word of a group that is neither an alternative
 * nor excluded; not a stop word). Undefined when there is none (only alternatives) or the query is that word alone
 * (then the whole match is the anchor).
 */
export function anchorWord(words: readonly QueryWord[], stats: WordStats): QueryWord | undefined {
  const required = termGroups(words)
    .filter((group) => group.length === 1 && !group[0]?.[0]?.negated)
    .flatMap((group) => group[0] ?? [])
    .filter((word) => !(stats.stopWords?.has(word.text) ?? false));
  if (required.length === 0 || words.length === 1) return undefined;
  return required.reduce((best, word) =>
    wordDocuments(word, stats) < wordDocuments(best, stats) ? word : best,
  );
}
