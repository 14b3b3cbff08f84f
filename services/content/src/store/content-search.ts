import { keysetCondition, orderBy, type Database } from '@rcr/platform';
import type {
  ContentFilter,
  ContentQuery,
  ContentSortField,
  ContentSortValues,
} from '../domain/list-content.ts';
import type { QueryWord } from '../domain/search-text.ts';
import { CONTENT_PAGE_COLUMNS } from './content-repository.ts';
import { inSearchTransaction, queryWords } from './search-sql.ts';
import { type ContentCounter } from './search-vocabulary.ts';
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

/**
 * The two statements of a search: the size of the matching set (`total`, and `isEstimate` when it is
 * bounded by the cap), and one page (one row more than the page, so the caller knows whether another
 * page follows). `words` are the query's parsed, corrected words (queryWords).
 */
export function searchStatements(
  query: ContentQuery,
  words: readonly QueryWord[],
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): { count: Statement; page: Statement } {
  return { count: countStatement(query, words, limits), page: pageStatement(query, words, limits) };
}

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

function pageStatement(
  query: ContentQuery,
  words: readonly QueryWord[],
  limits: SearchLimits,
  params = new SqlParams(),
): Statement {
  const ranked = words.some((w) => !w.negated) && query.sort.some((key) => key.field === 'relevance');
  if (ranked) return rankedPageStatement(query, words, limits, params);
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
 * A page in relevance order, ranked over a bounded candidate set: the newest `countCap` matches (a GIN
 * index finds matches but does not order them; the newest ones are what an index on published_at gives
 * cheaply), each ranked once, with the sort keys it needs; the page is cut from the candidates and only
 * its rows are joined to their content.
 */
function rankedPageStatement(
  query: ContentQuery,
  words: readonly QueryWord[],
  limits: SearchLimits,
  params: SqlParams,
): Statement {
  const where = conditions(query.filter, words, params);
  const rank = rankSql(words, params);
  const keyset = keysetOf(query, 'k', 'k.relevance');
  const after = query.after ? `WHERE ${afterCondition(query, keyset, params)}` : '';
  const outer = keysetOf(query, 'p', 'p.relevance');
  // The planner overestimates how many rows a phrase matches (it costs it like its words alone), so it
  // would walk the newest-first index testing every row; behind the OFFSET 0 fence the matches come
  // from the GIN index (bounded by the rows holding all the words), then the newest are kept.
  const phrase = words.some((w, i) => words[i + 1]?.term === w.term);
  const matches = phrase ? `(SELECT * FROM content c WHERE ${where} OFFSET 0) c` : `content c WHERE ${where}`;
  return {
    text: `WITH candidates AS MATERIALIZED (
         SELECT c.review_id, c.published_at, c.updated_at, c.rating, c.title_key, ${rank} AS relevance
         FROM ${matches}
         ORDER BY c.published_at DESC, c.review_id DESC LIMIT ${params.add(limits.countCap)}
       ), page AS (
         SELECT k.* FROM candidates k ${after}
         ORDER BY ${orderBy(keyset)}
         LIMIT ${params.add(query.page.limit + 1)} OFFSET ${params.add(query.page.offset)}
       )
       SELECT ${CONTENT_PAGE_COLUMNS}, p.relevance
       FROM page p JOIN content c ON c.review_id = p.review_id
       ORDER BY ${orderBy(outer)}`,
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

/** A row of `listStatement`: the total on every row, the page's columns null when the page is empty. */
type ListStatementRow = { total: number; isEstimate: boolean } & (
  ContentListRow | { [column in keyof ContentListRow]: null }
);

/**
 * A list without search words as ONE statement: the total (a counter, or the bounded count) and the page
 * read in the same snapshot, with no transaction to open and no thresholds to set (those are for
 * searches). The total's single row is joined to the page, so an empty page still gives one row (its
 * page columns null). `ON true` leaves the planner only a nested loop with the total outside, which
 * returns the page rows in the page's own order.
 */
export function listStatement(query: ContentQuery, limits: SearchLimits = DEFAULT_SEARCH_LIMITS): Statement {
  const params = new SqlParams();
  const count = countStatement(query, [], limits, params);
  const page = pageStatement(query, [], limits, params);
  return {
    text: `SELECT p.*, t.total, t."isEstimate" FROM (${count.text}) t LEFT JOIN LATERAL (${page.text}) p ON true`,
    values: params.values,
  };
}

/**
 * One page of public reviews matching the query (fetched with one row more than the page, so the caller
 * knows whether another page follows) and the size of the whole matching set, exact or (`totalIsEstimate`)
 * bounded by the cap.
 */
export async function searchContent(
  db: Database,
  query: ContentQuery,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<{ rows: ContentListRow[]; total: number; totalIsEstimate: boolean }> {
  if (!query.text) {
    // A list without search words: one statement (one round trip, one snapshot), no transaction.
    const list = listStatement(query, limits);
    const rows = await db.query<ListStatementRow>(list.text, list.values);
    const first = rows[0];
    return {
      rows: first?.publicJson == null ? [] : (rows as ContentListRow[]),
      total: first?.total ?? 0,
      totalIsEstimate: first?.isEstimate ?? false,
    };
  }
  return inSearchTransaction(db, async (tx) => {
    const { count, page } = searchStatements(query, await queryWords(tx, query.text), limits);
    const totals = await tx.query<{ total: number; isEstimate: boolean }>(count.text, count.values);
    const rows = await tx.query<ContentListRow>(page.text, page.values);
    return { rows, total: totals[0]?.total ?? 0, totalIsEstimate: totals[0]?.isEstimate ?? false };
  });
}

/**
 * The plans PostgreSQL runs for a search, executed (`EXPLAIN (ANALYZE, BUFFERS)`), in the same
 * transaction set-up as `searchContent`: for the benchmarks, which print and commit them. `words` is the
 * words the search text resolved to (after corrections), for the report.
 */
export async function explainContentSearch(
  db: Database,
  query: ContentQuery,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<{ [statement: string]: string }> {
  return inSearchTransaction(db, async (tx) => {
    const words = await queryWords(tx, query.text);
    const statements = searchStatements(query, words, limits);
    const plans: { [statement: string]: string } = {};
    for (const [name, statement] of Object.entries(statements)) {
      const lines = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
        statement.values,
      );
      plans[name] = lines.map((line) => line['QUERY PLAN']).join('\n');
    }
    plans.words = words
      .map(
        (w) =>
          `${w.negated ? '-' : ''}${w.text}${w.prefix ? '*' : ''}${w.corrections.length > 0 ? ` → ${w.corrections.join('|')}` : ''}`,
      )
      .join(' ');
    return plans;
  });
}

/** The WHERE of the filters and the search: the document matches the search's tsquery (GIN index). */
function conditions(filter: ContentFilter, words: readonly QueryWord[], params: SqlParams): string {
  const all = ['true'];
  if (filter.cameraId !== undefined) all.push(`c.camera_id = ${params.add(filter.cameraId)}`);
  if (filter.authorId !== undefined) all.push(`c.author_id = ${params.add(filter.authorId)}`);
  if (filter.minRating !== undefined) all.push(`c.rating >= ${params.add(filter.minRating)}`);
  if (filter.publishedAfter !== undefined) {
    all.push(`c.published_at >= ${params.add(filter.publishedAfter)}::timestamptz`);
  }
  if (filter.brand !== undefined) {
    all.push(
      `EXISTS (SELECT 1 FROM cameras b WHERE b.id = c.camera_id AND lower(b.brand) = lower(${params.add(filter.brand)}))`,
    );
  }
  if (words.length > 0) all.push(`c.search_document @@ ${matchQuerySql(words, params)}`);
  return all.join(' AND ');
}

/**
 * The text search configurations documents are stemmed with, and the marker lexeme each document of
 * that configuration carries (see migration 003).
 */
const CONFIGS = [
  { config: 'spanish', marker: '@es' },
  { config: 'english', marker: '@en' },
  { config: 'simple', marker: '@simple' },
] as const;

/**
 * The tsquery of a search: for each configuration, the words stemmed by it, restricted to documents of
 * that configuration by its marker; the alternatives OR-ed. Every value is a parameter (the words hold
 * only letters and digits, so they are valid to_tsquery input); with the values bound the planner folds
 * the whole expression into one constant tsquery.
 */
function matchQuerySql(words: readonly QueryWord[], params: SqlParams): string {
  const branches = CONFIGS.map(
    ({ config, marker }) =>
      `search_branch(${params.add(marker)}::tsquery, ${languageQuerySql(config, words, params)})`,
  );
  return `(${branches.join(' || ')})`;
}

/** The search as a tsquery of one configuration: AND of OR-groups of terms (a word, a phrase, an exclusion). */
function languageQuerySql(config: string, words: readonly QueryWord[], params: SqlParams): string {
  const groups: QueryWord[][][] = [];
  for (const word of words) {
    const group = groups.at(-1);
    const term = group?.at(-1);
    if (term && term[0]?.term === word.term) term.push(word);
    else if (group && word.orPrevious) group.push([word]);
    else groups.push([[word]]);
  }
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
function rankSql(words: readonly QueryWord[], params: SqlParams): string {
  const wanted = words.filter((w) => !w.negated);
  const anyWord = (config: string) =>
    `(${wanted.flatMap((word) => wordAlternatives(config, word, params)).join(' || ')})`;
  return `round(ts_rank(c.search_document, CASE split_part(lower(c.language), '-', 1)
      WHEN 'es' THEN ${anyWord('spanish')} WHEN 'en' THEN ${anyWord('english')} ELSE ${anyWord('simple')}
    END)::numeric, 6)`;
}
