import { keysetCondition, orderBy, type Database } from '@rcr/platform';
import type {
  ContentFilter,
  ContentQuery,
  ContentSortField,
  ContentSortValues,
} from '../domain/list-content.ts';
import type { SearchWord } from '../domain/search-text.ts';
import { CONTENT_PAGE_COLUMNS } from './content-repository.ts';
import { foldedWords, inSearchTransaction } from './search-sql.ts';
import { SqlParams } from './sql-params.ts';

/** A public review as listed: its stored public JSON plus the values its cursor is made of. */
export type ContentListRow = { publicJson: string } & ContentSortValues;

/** Column of each sort field (relevance is computed per query, see `rankSql`). */
const SORT_COLUMNS: Record<Exclude<ContentSortField, 'relevance'>, string> = {
  publishedAt: 'c.published_at',
  updatedAt: 'c.updated_at',
  rating: 'c.rating',
  title: 'c.title_key',
};

/** One SQL statement with its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The two statements of a search: the size of the whole matching set, and one page (one row more than
 * the page, so the caller knows whether another page follows). `words` are the query's folded words.
 */
export function searchStatements(
  query: ContentQuery,
  words: readonly SearchWord[],
): { count: Statement; page: Statement } {
  const counting = new SqlParams();
  const count = {
    text: `SELECT COUNT(*)::int AS total FROM content c WHERE ${conditions(query.filter, words, counting)}`,
    values: counting.values,
  };

  const params = new SqlParams();
  const where = [conditions(query.filter, words, params)];
  const rank = rankSql(words, params);
  const keyset = [
    ...query.sort.map((key) =>
      key.field === 'relevance'
        ? // Ascending relevance = most relevant first = highest rank first.
          { sql: rank, descending: !key.descending }
        : { sql: SORT_COLUMNS[key.field], descending: key.descending },
    ),
    { sql: 'c.review_id', descending: query.sort.at(-1)?.descending ?? true },
  ];
  if (query.after) {
    const after = keysetCondition(keyset, [...query.after.values, query.after.reviewId], params.next);
    params.values.push(...after.params);
    where.push(after.sql);
  }
  const page = {
    text: `SELECT ${CONTENT_PAGE_COLUMNS}, ${rank} AS relevance
       FROM content c
       WHERE ${where.join(' AND ')}
       ORDER BY ${orderBy(keyset)}
       LIMIT ${params.add(query.page.limit + 1)} OFFSET ${params.add(query.page.offset)}`,
    values: params.values,
  };
  return { count, page };
}

/**
 * One page of public reviews matching the query (fetched with one row more than the page, so the caller
 * knows whether another page follows) and the size of the whole matching set.
 */
export async function searchContent(
  db: Database,
  query: ContentQuery,
): Promise<{ rows: ContentListRow[]; total: number }> {
  return inSearchTransaction(db, async (tx) => {
    const { count, page } = searchStatements(query, await foldedWords(tx, query.text));
    const totals = await tx.query<{ total: number }>(count.text, count.values);
    const rows = await tx.query<ContentListRow>(page.text, page.values);
    return { rows, total: totals[0]?.total ?? 0 };
  });
}

/**
 * The plans PostgreSQL runs for a search, executed (`EXPLAIN (ANALYZE, BUFFERS)`), in the same
 * transaction set-up as `searchContent`: for the benchmarks, which print and commit them.
 */
export async function explainContentSearch(
  db: Database,
  query: ContentQuery,
): Promise<{ [statement: string]: string }> {
  return inSearchTransaction(db, async (tx) => {
    const statements = searchStatements(query, await foldedWords(tx, query.text));
    const plans: { [statement: string]: string } = {};
    for (const [name, statement] of Object.entries(statements)) {
      const lines = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
        statement.values,
      );
      plans[name] = lines.map((line) => line['QUERY PLAN']).join('\n');
    }
    return plans;
  });
}

/**
 * The WHERE of the filters and search words. Every word must match, as a word prefix in the ranked
 * document or, for longer words, as a similar word (a typo) in its folded text; both use GIN indexes.
 */
function conditions(filter: ContentFilter, words: readonly SearchWord[], params: SqlParams): string {
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
  for (const word of words) {
    const prefix = `c.search_vector @@ to_tsquery('simple', ${params.add(`${word.text}:*`)})`;
    all.push(word.fuzzy ? `(${prefix} OR search_matches(c.search_text, ${params.add(word.text)}))` : prefix);
  }
  return all.join(' AND ');
}

/**
 * The relevance of a row (rounded, so cursors carry it exactly): full-text rank, where title and camera
 * weigh most, plus trigram similarity to the title and camera (so a typo there still ranks high) and,
 * a little, to the whole text. 0 without search words.
 */
function rankSql(words: readonly SearchWord[], params: SqlParams): string {
  if (words.length === 0) return '0::numeric';
  const anyWord = params.add(words.map((w) => `${w.text}:*`).join(' | '));
  const text = params.add(words.map((w) => w.text).join(' '));
  return `round((ts_rank(c.search_vector, to_tsquery('simple', ${anyWord}))
    + 0.5 * search_similarity(${text}, c.search_title)
    + 0.1 * search_similarity(${text}, c.search_text))::numeric, 6)`;
}
