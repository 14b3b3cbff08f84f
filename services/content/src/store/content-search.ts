import { keysetCondition, orderBy, type Database } from '@rcr/platform';
import type {
  ContentFilter,
  ContentQuery,
  ContentSortField,
  ContentSortValues,
} from '../domain/list-content.ts';
import type { QueryWord } from '../domain/search-text.ts';
import { CONTENT_PAGE_COLUMNS } from './content-repository.ts';
import {
  foldStatement,
  inSearchTransaction,
  parsedWords,
  queryWords,
  type FilterCounter,
  type ResolvedWords,
  type WordStats,
} from './search-sql.ts';
import { correctionStatement, type ContentCounter } from './search-vocabulary.ts';
import { anchorWord, candidateWindows, expectedShare, termGroups, WALK_SHARE } from './search-windows.ts';
import { SqlParams } from './sql-params.ts';

/** A public review as listed: its stored public JSON plus the values its cursor is made of. */
export type ContentListRow = { publicJson: string } & ContentSortValues;

/** Column of each sort field (relevance is ranked per query, see `rankedPageStatement`). */
const SORT_COLUMNS: Record<Exclude<ContentSortField, 'relevance'>, string> = {
  publishedAt: 'published_at',
  updatedAt: 'updated_at',
  rating: 'rating',
  title: 'title_key',
};

/** One SQL statement with its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** Bounds of a search, configurable for tests (RCR_SEARCH_COUNT_CAP). */
export interface SearchLimits {
  /**
   * Counts that need a scan (a search, or filters without a counter) stop after this many rows: the
   * total is then this cap, flagged as an estimate. A relevance-ordered search ranks at most this many
   * candidates (the newest matches), so its pages end there too.
   */
  countCap: number;
}

/** The default bounds: exact counts up to 500 matches, and the 500 newest matches ranked. */
export const DEFAULT_SEARCH_LIMITS: SearchLimits = { countCap: 500 };

/** The counter that answers a list's total exactly, when its filters have one (no search, one filter at most). */
function counterOf(filter: ContentFilter, words: readonly QueryWord[]): ContentCounter | undefined {
  if (words.length > 0 || filter.minRating !== undefined || filter.publishedAfter !== undefined)
    return undefined;
  const given = [
    filter.cameraId === undefined ? undefined : ({ scope: 'camera', key: filter.cameraId } as const),
    filter.brand === undefined ? undefined : ({ scope: 'brand', key: filter.brand.toLowerCase() } as const),
    filter.authorId === undefined ? undefined : ({ scope: 'author', key: filter.authorId } as const),
  ].filter((counter) => counter !== undefined);
  if (given.length === 0) return { scope: 'all' };
  return given.length === 1 ? given[0] : undefined;
}

function countStatement(
  query: ContentQuery,
  words: readonly QueryWord[],
  limits: SearchLimits,
  params = new SqlParams(),
): Statement {
  const counter = counterOf(query.filter, words);
  if (counter) {
    const key = counter.scope === 'all' ? '' : counter.key;
    return {
      text: `SELECT COALESCE((SELECT total FROM content_counts WHERE scope = ${params.add(counter.scope)}
         AND key = ${params.add(key)}), 0)::int AS total, false AS "isEstimate"`,
      values: params.values,
    };
  }
  const where = conditions(query.filter, words, params);
  const cap = params.add(limits.countCap);
  return {
    text: `SELECT LEAST(COUNT(*), ${cap})::int AS total, COUNT(*) > ${cap} AS "isEstimate"
       FROM (SELECT 1 FROM content c WHERE ${where} LIMIT ${cap}::int + 1) bounded`,
    values: params.values,
  };
}

function pageStatement(query: ContentQuery, words: readonly QueryWord[], params: SqlParams): Statement {
  const where = [conditions(query.filter, words, params)];
  const keyset = keysetOf(query, 'c', '0::numeric');
  if (query.after) where.push(afterCondition(query, keyset, params));
  return {
    text: `SELECT ${CONTENT_PAGE_COLUMNS}, 0::numeric AS relevance
       FROM content c
       WHERE ${where.join(' AND ')}
       ORDER BY ${orderBy(keyset)}
       LIMIT ${params.add(query.page.limit + 1)} OFFSET ${params.add(query.page.offset)}`,
    values: params.values,
  };
}

/**
 * The windows of newest reviews a relevance-ordered search reads its candidates from (sizes, in order,
 * before all reviews; see search-windows.ts), and the first one's bound when looked up already: the
 * `published_at` of its oldest review (as text, exact), '-infinity' when there are fewer reviews.
 */
export interface CandidateWindows {
  sizes: number[];
  firstBound?: string;
}

/** The window sizes of a query (none unless it is ranked). */
function windowSizes(query: ContentQuery, resolved: ResolvedWords, limits: SearchLimits): number[] {
  if (!isRanked(query, resolved.words)) return [];
  const share = expectedShare(resolved.words, query.filter, resolved.stats);
  return candidateWindows(share, limits.countCap, resolved.stats.total);
}

/** The statement looking up the bound of a window of `size` newest reviews (an index-only scan). */
function firstBoundStatement(size: number): Statement {
  return {
    text: `SELECT COALESCE((SELECT n.published_at::text FROM content n
       ORDER BY n.published_at DESC, n.review_id DESC OFFSET $1 LIMIT 1), '-infinity') AS at`,
    values: [size - 1],
  };
}

/**
 * The query's windows with the first one's bound looked up (one round trip, only when there are windows
 * and the bound of that size was not looked up in the last BOUND_TTL_MS). Read in a snapshot of its own,
 * or earlier: reviews published or removed since only make that window a little larger or smaller, still
 * a run of the newest reviews (a short one is followed by the next), so the candidates stay the same.
 */
async function candidateWindowsOf(
  db: Database,
  query: ContentQuery,
  resolved: ResolvedWords,
  limits: SearchLimits,
): Promise<CandidateWindows> {
  const sizes = windowSizes(query, resolved, limits);
  const [first] = sizes;
  if (first === undefined) return { sizes };
  let remembered = recentBounds.get(db);
  if (!remembered) recentBounds.set(db, (remembered = new Map()));
  const now = Date.now();
  const known = remembered.get(first);
  if (known && now - known.at < BOUND_TTL_MS) return { sizes, firstBound: known.bound };
  const bound = firstBoundStatement(first);
  const [row] = await db.query<{ at: string }>(bound.text, bound.values);
  const firstBound = row?.at ?? '-infinity';
  remembered.set(first, { bound: firstBound, at: now });
  return { sizes, firstBound };
}

/**
 * How long a looked-up window bound is used again. Any bound is right (see candidateWindowsOf): a few
 * seconds of publishing only make the window a little larger, of removals a little smaller.
 */
const BOUND_TTL_MS = 5000;

/** Window bounds looked up recently, per database and window size (sizes are few: windowBucket). */
const recentBounds = new WeakMap<Database, Map<number, { bound: string; at: number }>>();

/** The kept counters of the query's camera, brand and author filters (the vocabulary lookup reads them). */
function filterCounters(filter: ContentFilter): FilterCounter[] {
  return [
    filter.cameraId === undefined ? undefined : ({ scope: 'camera', key: filter.cameraId } as const),
    filter.brand === undefined ? undefined : ({ scope: 'brand', key: filter.brand.toLowerCase() } as const),
    filter.authorId === undefined ? undefined : ({ scope: 'author', key: filter.authorId } as const),
  ].filter((counter) => counter !== undefined);
}

/** Whether the query's page is in relevance order (it has wanted words and sorts by relevance). */
function isRanked(query: ContentQuery, words: readonly QueryWord[]): boolean {
  return words.some((w) => !w.negated) && query.sort.some((key) => key.field === 'relevance');
}

/**
 * A search in relevance order as ONE statement, ranked over a bounded candidate set: the newest
 * `countCap` + 1 matches (a GIN index finds matches but does not order them; the newest ones are what an
 * index on published_at gives cheaply) answer the total (more than the cap: the cap, as an estimate);
 * the newest `countCap` of them are ranked, the page is cut from those and only its rows are joined to
 * their content. Each window ranks its rows as it is cut, so the candidates carry their relevance, not
 * their document (0.8 kB compressed on average at 100k reviews): 5–10 % less time per search than
 * copying the documents through the CTEs and ranking after (bench/README.md, 2026-12-02).
 */
function rankedStatement(
  query: ContentQuery,
  words: readonly QueryWord[],
  stats: WordStats,
  windows: CandidateWindows,
  limits: SearchLimits,
  params: SqlParams,
): Statement {
  const where = conditions(query.filter, words, params);
  const cap = params.add(limits.countCap);
  const rank = rankSql(words, params, 'k');
  const keyset = keysetOf(query, 'r', 'r.relevance');
  const after = query.after ? `WHERE ${afterCondition(query, keyset, params)}` : '';
  const outer = keysetOf(query, 'p', 'p.relevance');
  const columns = `c.review_id, c.published_at, c.updated_at, c.rating, c.title_key, c.language, c.search_document`;
  // The newest matches, read from the newest reviews first (search-windows.ts): window i is the matches
  // among the newest sizes[i] reviews, sized from the words' frequencies in the vocabulary so that the
  // first is expected to hold more than the cap; the last: all reviews. The first window holding more
  // than the cap, or reaching back to the oldest review, is the answer; later windows are never read
  // (each is a CTE read only when the CASE before it needs it).
  //
  // The first window's range is on a bound looked up before (candidateWindowsOf), so the planner knows
  // how many reviews it holds and walks it in published_at order or ANDs the GIN bitmap with it,
  // whichever costs less. Later windows look their bound up here, written as the two-sided range
  // `published_at >= bound AND published_at <= 'infinity'` on a value unknown when planning, which the
  // planner costs at 0.5 % of the reviews (a one-sided one is a third: a common word then looked like
  // 12,000 rows and was read by a parallel scan of the whole table). Several words or a phrase are
  // estimated far below their real frequency, so the planner would not AND them with the range and would
  // read every review holding them all: such a window reads by the rarest required word alone
  // (anchorWord; a single word's estimate is from the index statistics), fenced by OFFSET 0, and the
  // whole match is tested on those rows only.
  const { sizes, firstBound } = windows;
  const anchor = anchorWord(words, stats);
  const walk = expectedShare(words, query.filter, stats) >= WALK_SHARE;
  // Built once, only when a window uses it (every parameter added must appear in the statement).
  let anchorWhere: string | undefined;
  const anchored = () =>
    (anchorWhere ??= anchor
      ? filterConditions(query.filter, params, anchorSql(anchor, words, params))
      : where);
  const newest = `ORDER BY c.published_at DESC, c.review_id DESC LIMIT ${cap}::int + 1`;
  // Each window's rows are ranked as it is cut (at most cap + 1 of them), so the candidates carry their
  // relevance and not their document: the CTEs stay narrow (a document is ~0.8 kB compressed, more
  // decompressed) and no document is read twice.
  const ranked = (rows: string) =>
    `(SELECT k.review_id, k.published_at, k.updated_at, k.rating, k.title_key, ${rank} AS relevance
      FROM ${rows} k)`;
  const window = (range: string | undefined) => ranked(windowRows(range));
  const windowRows = (range: string | undefined) => {
    // All reviews: the matches from the GIN bitmap, fenced (a walk of the published_at index testing
    // each row would read every review when the matches are fewer than the planner thinks).
    if (!range)
      return `(SELECT * FROM (SELECT ${columns} FROM content c WHERE ${where} OFFSET 0) c ${newest})`;
    // A window of one word (or alternatives) in many reviews: not fenced, so the planner may walk the
    // window in published_at order and stop at the cap, bounded by the range either way; in fewer
    // (WALK_SHARE), fenced: read through the GIN bitmap ANDed with the range.
    if (!anchor && walk) return `(SELECT ${columns} FROM content c WHERE ${where} AND ${range} ${newest})`;
    if (!anchor)
      return `(SELECT * FROM (SELECT ${columns} FROM content c WHERE ${where} AND ${range} OFFSET 0) c ${newest})`;
    // By the anchor, fenced (unfenced, the planner would read by the whole match's underestimate), and
    // the whole match tested on the rows read.
    return `(SELECT * FROM (SELECT ${columns} FROM content c WHERE ${anchored()} AND ${range} OFFSET 0) c
         WHERE ${matchSql(words, params)} ${newest})`;
  };
  // The first window's bound is a value looked up before (firstWindowBound), so the planner knows how
  // many reviews the range holds and weighs walking it against ANDing the GIN bitmap with it; later
  // windows (rarely read) look theirs up here.
  const known = firstBound === undefined ? undefined : `${params.add(firstBound)}::timestamptz`;
  const boundOf = (i: number) => (i === 0 && known ? known : `(SELECT at FROM bound${i})`);
  const ctes = sizes.flatMap((size, i) => [
    ...(i === 0 && known
      ? []
      : [
          `bound${i} AS MATERIALIZED (SELECT COALESCE((SELECT n.published_at FROM content n
         ORDER BY n.published_at DESC, n.review_id DESC OFFSET ${params.add(size - 1)} LIMIT 1), '-infinity') AS at)`,
        ]),
    `window${i} AS MATERIALIZED ${window(
      i === 0 && known
        ? `c.published_at >= ${known}`
        : `c.published_at >= ${boundOf(i)} AND c.published_at <= 'infinity'::timestamptz`,
    )}`,
  ]);
  const last = sizes.length;
  ctes.push(`window${last} AS MATERIALIZED ${window(undefined)}`);
  /** Whether window i is the answer, given that no earlier one is. */
  const enough = (i: number) => `((SELECT COUNT(*) FROM window${i}) > ${cap} OR ${boundOf(i)} = '-infinity')`;
  /** Whether window i is the answer: CASE evaluates (and so reads) the windows in order. */
  const answers = (i: number): string => {
    let test = i === last ? 'true' : enough(i);
    for (let j = i - 1; j >= 0; j--) test = `CASE WHEN ${enough(j)} THEN false ELSE ${test} END`;
    return test;
  };
  const branches = Array.from({ length: last + 1 }, (_, i) =>
    i === last && last === 0 ? 'SELECT * FROM window0' : `SELECT * FROM window${i} WHERE ${answers(i)}`,
  );
  return {
    text: `WITH ${ctes.join(',\n       ')},
       candidates AS MATERIALIZED (
         ${branches.join('\n         UNION ALL ')}
       ), ranked AS (
         SELECT * FROM candidates ORDER BY published_at DESC, review_id DESC LIMIT ${cap}
       ), page AS (
         SELECT r.* FROM ranked r ${after}
         ORDER BY ${orderBy(keyset)}
         LIMIT ${params.add(query.page.limit + 1)} OFFSET ${params.add(query.page.offset)}
       )
       SELECT p.*, t.total, t."isEstimate"
       FROM (SELECT LEAST(COUNT(*), ${cap})::int AS total, COUNT(*) > ${cap} AS "isEstimate" FROM candidates) t
       LEFT JOIN LATERAL (
         SELECT ${CONTENT_PAGE_COLUMNS}, p.relevance
         FROM page p JOIN content c ON c.review_id = p.review_id
         ORDER BY ${orderBy(outer)}
       ) p ON true`,
    values: params.values,
  };
}

/** The keyset of the query's order over the rows aliased `alias` (relevance given), review id last. */
function keysetOf(query: ContentQuery, alias: string, relevance: string) {
  return [
    ...query.sort.map((key) =>
      key.field === 'relevance'
        ? // Ascending relevance = most relevant first = highest rank first.
          { sql: relevance, descending: !key.descending }
        : { sql: `${alias}.${SORT_COLUMNS[key.field]}`, descending: key.descending },
    ),
    { sql: `${alias}.review_id`, descending: query.sort.at(-1)?.descending ?? true },
  ];
}

/** The condition "after the cursor's row" in the keyset's order. */
function afterCondition(
  query: ContentQuery,
  keyset: { sql: string; descending: boolean }[],
  params: SqlParams,
): string {
  const after = query.after as NonNullable<ContentQuery['after']>;
  const condition = keysetCondition(keyset, [...after.values, after.reviewId], params.next);
  params.values.push(...condition.params);
  return condition.sql;
}

/** A row of `contentStatement`: the total on every row, the page's columns null when the page is empty. */
type ListStatementRow = { total: number; isEstimate: boolean } & (
  ContentListRow | { [column in keyof ContentListRow]: null }
);

/**
 * A list or search as ONE statement: the total (a counter, or the bounded count) and the page read in
 * the same snapshot, with no transaction to open. `resolved` are the query's parsed, corrected words
 * with what the vocabulary says about them (queryWords), none for a list without search. In relevance order it is `rankedStatement`; otherwise
 * the total's single row is joined to the page, so an empty page still gives one row (its page columns
 * null). `ON true` leaves the planner only a nested loop with the total outside, which returns the page
 * rows in the page's own order.
 */
export function contentStatement(
  query: ContentQuery,
  resolved: ResolvedWords = { words: [], stats: { documents: new Map(), total: 0 } },
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
  windows: CandidateWindows = { sizes: windowSizes(query, resolved, limits) },
): Statement {
  const params = new SqlParams();
  const { words, stats } = resolved;
  if (isRanked(query, words)) return rankedStatement(query, words, stats, windows, limits, params);
  const count = countStatement(query, words, limits, params);
  const page = pageStatement(query, words, params);
  return {
    text: `SELECT p.*, t.total, t."isEstimate" FROM (${count.text}) t LEFT JOIN LATERAL (${page.text}) p ON true`,
    values: params.values,
  };
}

/**
 * One page of public reviews matching the query (fetched with one row more than the page, so the caller
 * knows whether another page follows) and the size of the whole matching set, exact or (`totalIsEstimate`)
 * bounded by the cap. A list is one statement; a search is the statement resolving its words
 * (queryWords: one, or two with a typo) and then one.
 */
export async function searchContent(
  db: Database,
  query: ContentQuery,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<{ rows: ContentListRow[]; total: number; totalIsEstimate: boolean }> {
  const resolved = await queryWords(db, query.text, filterCounters(query.filter));
  // A search text with no word in it (punctuation, a lone operator) matches nothing, as stop words do.
  if (query.text && resolved.words.length === 0) return { rows: [], total: 0, totalIsEstimate: false };
  const windows = await candidateWindowsOf(db, query, resolved, limits);
  const statement = contentStatement(query, resolved, limits, windows);
  const rows = await db.query<ListStatementRow>(statement.text, statement.values);
  const first = rows[0];
  return {
    rows: first?.publicJson == null ? [] : (rows as ContentListRow[]),
    total: first?.total ?? 0,
    totalIsEstimate: first?.isEstimate ?? false,
  };
}

/**
 * The plans of the statements `searchContent` runs for this query, executed (`EXPLAIN (ANALYZE,
 * BUFFERS)`): for the benchmarks, which print and commit them. `words` (the fold and vocabulary lookup,
 * only for a search), `corrections` (only when a word is not indexed) and `search` (the list or search
 * itself); `corrections` is the words the search
 * text resolved to, for the report.
 */
export async function explainContentSearch(
  db: Database,
  query: ContentQuery,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<{ [statement: string]: string }> {
  const explain = async (statement: Statement) => {
    const lines = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
      statement.values,
    );
    return lines.map((line) => line['QUERY PLAN']).join('\n');
  };
  const plans: { [statement: string]: string } = {};
  const counters = filterCounters(query.filter);
  if (query.text) plans.words = await explain(foldStatement(query.text, counters));
  const parsed = await parsedWords(db, query.text, counters);
  const correction = parsed.corrected ? correctionStatement(parsed.words) : undefined;
  if (correction) {
    const corrections = correction;
    plans.corrections = await inSearchTransaction(db, async (tx) => {
      const lines = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${corrections.text}`,
        corrections.values,
      );
      return lines.map((line) => line['QUERY PLAN']).join('\n');
    });
  }
  const resolved = await queryWords(db, query.text, counters);
  const windows = await candidateWindowsOf(db, query, resolved, limits);
  if (windows.sizes.length > 0) plans.window = await explain(firstBoundStatement(windows.sizes[0] as number));
  plans.search = await explain(contentStatement(query, resolved, limits, windows));
  plans.resolved = resolved.words
    .map(
      (w) =>
        `${w.negated ? '-' : ''}${w.text}${w.prefix ? '*' : ''}${w.corrections.length > 0 ? ` → ${w.corrections.join('|')}` : ''}`,
    )
    .join(' ');
  return plans;
}

/** The WHERE of the filters and the search: the document matches the search's tsquery (GIN index). */
function conditions(filter: ContentFilter, words: readonly QueryWord[], params: SqlParams): string {
  return filterConditions(filter, params, words.length > 0 ? matchSql(words, params) : undefined);
}

/** The WHERE of the filters and a match (SQL, undefined for none). */
function filterConditions(filter: ContentFilter, params: SqlParams, match: string | undefined): string {
  const all = ['true'];
  if (filter.cameraId !== undefined) all.push(`c.camera_id = ${params.add(filter.cameraId)}`);
  if (filter.authorId !== undefined) all.push(`c.author_id = ${params.add(filter.authorId)}`);
  if (filter.minRating !== undefined) all.push(`c.rating >= ${params.add(filter.minRating)}`);
  if (filter.publishedAfter !== undefined) {
    all.push(`c.published_at >= ${params.add(filter.publishedAfter)}::timestamptz`);
  }
  if (filter.brand !== undefined) {
    // The brand's cameras (few, from the cameras_by_brand index) looked up once, not a subquery per row.
    all.push(
      `c.camera_id = ANY(ARRAY(SELECT b.id FROM cameras b WHERE lower(b.brand) = lower(${params.add(filter.brand)})))`,
    );
  }
  if (match !== undefined) all.push(match);
  return all.join(' AND ');
}

/** The language key of a review: what its document was stemmed by (migration 003) and indexed under (005). */
const LANGUAGE_KEY = "split_part(lower(c.language), '-', 1)";

/**
 * The text search configurations documents are stemmed with, and the condition on the language key that
 * selects the documents of each (the predicate of that configuration's partial GIN index, migration 005).
 */
const CONFIGS = [
  { config: 'spanish', languages: `${LANGUAGE_KEY} = 'es'` },
  { config: 'english', languages: `${LANGUAGE_KEY} = 'en'` },
  { config: 'simple', languages: `${LANGUAGE_KEY} NOT IN ('es', 'en')` },
] as const;

/**
 * The match of a search: for each configuration, the documents of its languages matching the words
 * stemmed by it (through that language's GIN index), the alternatives OR-ed. Every value is a parameter
 * (the words hold only letters and digits, so they are valid to_tsquery input); with the values bound the
 * planner folds each tsquery into a constant.
 */
function matchSql(words: readonly QueryWord[], params: SqlParams): string {
  const branches = CONFIGS.map(
    ({ config, languages }) =>
      `(${languages} AND c.search_document @@ search_nonempty(${languageQuerySql(config, words, params)}))`,
  );
  return `(${branches.join(' OR ')})`;
}

/**
 * What every match of `words` holds, by one of their words (`anchor`, see anchorWord): in each
 * configuration, the anchor stemmed by it, or the whole query where the anchor is a stop word of that
 * language (a phrase matches without its stop words). Folded into one constant tsquery per branch.
 */
function anchorSql(anchor: QueryWord, words: readonly QueryWord[], params: SqlParams): string {
  const alone: QueryWord = { ...anchor, term: 0, negated: false, orPrevious: false };
  const branches = CONFIGS.map(({ config, languages }) => {
    const own = languageQuerySql(config, [alone], params);
    const whole = `search_nonempty(${languageQuerySql(config, words, params)})`;
    return `(${languages} AND c.search_document @@ (CASE WHEN numnode(${own}) = 0 THEN ${whole} ELSE ${own} END))`;
  });
  return `(${branches.join(' OR ')})`;
}

/** The search as a tsquery of one configuration: AND of OR-groups of terms (a word, a phrase, an exclusion). */
function languageQuerySql(config: string, words: readonly QueryWord[], params: SqlParams): string {
  const groups = termGroups(words);
  const termSql = (term: QueryWord[]): string => {
    const [first] = term as [QueryWord];
    const sql =
      term.length > 1
        ? `phraseto_tsquery('${config}', ${params.add(term.map((w) => w.text).join(' '))})`
        : `(${wordAlternatives(config, first, params).join(' || ')})`;
    return first.negated ? `(!! ${sql})` : sql;
  };
  return groups.map((group) => `(${group.map(termSql).join(' || ')})`).join(' && ');
}

/** What a single word matches in one configuration: its stem, its prefix (last word), its corrections. */
function wordAlternatives(config: string, word: QueryWord, params: SqlParams): string[] {
  return [
    `to_tsquery('${config}', ${params.add(word.text)})`,
    ...(word.prefix ? [`to_tsquery('simple', ${params.add(`${word.text}:*`)})`] : []),
    ...word.corrections.map((correction) => `to_tsquery('${config}', ${params.add(correction)})`),
  ];
}

/**
 * The rank of a document (rounded, so cursors carry it exactly): `ts_rank` over any of the search's
 * wanted words stemmed by the document's own configuration (chosen by its language, as in migration
 * 003), so each row is ranked against a third of the alternatives.
 */
function rankSql(words: readonly QueryWord[], params: SqlParams, alias: string): string {
  const wanted = words.filter((w) => !w.negated);
  const anyWord = (config: string) =>
    `(${wanted.flatMap((word) => wordAlternatives(config, word, params)).join(' || ')})`;
  return `round(ts_rank(${alias}.search_document, CASE split_part(lower(${alias}.language), '-', 1)
      WHEN 'es' THEN ${anyWord('spanish')} WHEN 'en' THEN ${anyWord('english')} ELSE ${anyWord('simple')}
    END)::numeric, 6)`;
}
