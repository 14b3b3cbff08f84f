import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SEARCH_LIMITS, explainContentSearch, parseContentQuery } from '@rcr/content';
import { openPostgres } from '@rcr/platform';
import {
  LOAD_OPTIONS,
  openLoadedSystem,
  pageLoadOptions,
  pageLoadSettings,
  type LoadedSystem,
} from '../support/cluster.ts';
import { capture, loadColumns, loadRow, runLoad, type LoadFigures } from '../support/http-load.ts';
import { MISS_HEADERS } from '../support/read-paths.ts';
import { UsageError, type Scenario } from '../support/scenario.ts';
import { CPU_OF, gatewayProcesses } from './cold.ts';

/** One query's figures. */
export interface QueryFigures {
  kind: string;
  q: string;
  /** `meta.total` of its answer (how many reviews match); -1 when the sample request failed. */
  total: number;
  /** Reviews on its first page. */
  firstPage: number;
  http: LoadFigures;
  /** Execution time of each statement as EXPLAIN ANALYZE reports it (ms). */
  explainMs: Record<string, number>;
}

export interface SearchFigures {
  load: LoadedSystem['load'];
  limit: number;
  queries: QueryFigures[];
  /** The text file with every plan. */
  plansFile: string;
}

/** The default queries, as `kind:text` separated by `;` (words the loader's reviews use). */
const DEFAULT_QUERIES = [
  'common-es:cámara',
  'common-en:camera',
  'accent:camara',
  'accent-2:fotografia nocturna',
  'rare:hasselblad',
  'rare-2:pirineos',
  'typo-es:estabilizacoin',
  'typo-en:autofocsu',
  'two-words:enfoque automático',
  'phrase-en:weather sealing gave us confidence',
  'word+rating:camera&minRating=8',
  'word+brand:camara&brand=Canon',
].join(';');

/** The filters a query may add after its text (`&name=value`), as the REST API names them. */
const FILTERS = ['brand', 'minRating', 'cameraId', 'authorId', 'publishedAfter'] as const;

interface SearchQuery {
  kind: string;
  q: string;
  filters: Partial<Record<(typeof FILTERS)[number], string>>;
}

function parseQueries(text: string): SearchQuery[] {
  const usage = '--queries takes `kind:text[&filter=value…]` items separated by `;`';
  const queries = text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      const [q = '', ...pairs] = (colon > 0 ? part.slice(colon + 1) : part).split('&');
      const filters: SearchQuery['filters'] = {};
      for (const pair of pairs) {
        const [name = '', value = ''] = pair.split('=');
        if (!(FILTERS as readonly string[]).includes(name) || value === '') {
          throw new UsageError(`${usage}; filters: ${FILTERS.join(', ')}`);
        }
        filters[name as (typeof FILTERS)[number]] = value;
      }
      return { kind: colon > 0 ? part.slice(0, colon) : q, q, filters };
    });
  if (queries.length === 0 || queries.some((q) => q.q.trim() === '')) throw new UsageError(usage);
  return queries;
}

/** A query as text, as tables and plans show it. */
function shown({ q, filters }: SearchQuery): string {
  return [q, ...Object.entries(filters).map(([name, value]) => `${name}=${value}`)].join(' & ');
}

/**
 * Search: `GET /v1/content?q=…` through the gateway for each query (common, rare, accent-free, typos,
 * several words, with filters), every request a cache miss (`Cache-Control: no-cache`),
 * with its latency percentiles; then the plans of each query's statements, executed on the scenario's
 * database with `EXPLAIN (ANALYZE, BUFFERS)` (content's `explainContentSearch`), printed and written to
 * `<out>/search-plans-<UTC time>.txt`.
 */
export const scenario: Scenario = {
  summary: 'cache-missed GET /v1/content?q=… for a set of queries, latency percentiles, and the SQL plans',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    queries: { default: DEFAULT_QUERIES, help: '`kind:text` items separated by `;`' },
    'count-cap': {
      default: String(DEFAULT_SEARCH_LIMITS.countCap),
      help: "content's RCR_SEARCH_COUNT_CAP: matches counted exactly and ranked by relevance at most",
    },
    ...pageLoadOptions('5s', '1s'),
  },
  async run(options, context) {
    const queries = parseQueries(options.queries ?? '');
    const { connections, durationMs, warmupMs, limit } = pageLoadSettings(options);
    const countCap = Number(options['count-cap']);
    if (!Number.isSafeInteger(countCap) || countCap < 1)
      throw new UsageError('--count-cap takes a positive integer');
    const sys = await openLoadedSystem(options, context, {
      contentEnv: { RCR_SEARCH_COUNT_CAP: String(countCap) },
    });
    try {
      const origin = sys.gateway();
      const processes = gatewayProcesses(sys);
      const db = await openPostgres({ url: sys.system.databaseUrl, schema: 'content', max: 1 });
      const results: QueryFigures[] = [];
      const planText: string[] = [];
      try {
        for (const query of queries) {
          const { kind, q, filters } = query;
          const search = new URLSearchParams({ q, limit: String(limit), ...filters });
          // Cache-Control: no-cache: every request misses the gateway's cache and runs exactly the
          // statements explained below (until 2026-11-30 17:30 a no-op publishedAfter made each request
          // distinct instead, which added a filter to the SQL).
          const path = `/v1/content?${search.toString()}`;
          const headers = { ...MISS_HEADERS };
          const sample = await capture(`${origin}${path}`, headers);
          // A failing search (e.g. 504 after the upstream timeout) is measured all the same: non-2xx.
          const answer =
            sample.status === 200
              ? (JSON.parse(sample.body.toString()) as { data: unknown[]; meta: { total: number } })
              : { data: [], meta: { total: -1 } };
          context.progress(`${shown(query)} (${kind}): ${sample.status}, ${answer.meta.total} matches`);
          await runLoad({ origin, path, headers, connections, durationMs: warmupMs });
          const http = await runLoad({ origin, path, headers, connections, durationMs, processes });
          const { minRating, ...named } = filters;
          const plans = await explainContentSearch(
            db,
            parseContentQuery({
              q,
              limit,
              ...named,
              ...(minRating === undefined ? {} : { minRating: Number(minRating) }),
            }),
            { countCap },
          );
          const explainMs: Record<string, number> = {};
          planText.push(`=== ${kind}: q=${JSON.stringify(shown(query))} (${answer.meta.total} matches)`);
          for (const [statement, plan] of Object.entries(plans)) {
            // Entries without an execution time (the parsed words) are printed with the plans only.
            const execution = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
            if (execution) explainMs[statement] = Number(execution);
            planText.push(`--- ${statement}`, plan, '');
          }
          // Every statement a search runs, together (the target is for the SQL of a search).
          explainMs.all = Math.round(Object.values(explainMs).reduce((a, b) => a + b, 0) * 1000) / 1000;
          results.push({
            kind,
            q: shown(query),
            total: answer.meta.total,
            firstPage: answer.data.length,
            http,
            explainMs,
          });
        }
      } finally {
        await db.close();
      }
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
      await mkdir(context.out, { recursive: true });
      const plansFile = path.join(context.out, `search-plans-${stamp}.txt`);
      const header =
        `Plans of the search statements (EXPLAIN (ANALYZE, BUFFERS)), ${sys.load.contentTotal} published ` +
        `reviews, seed ${options.seed}, limit ${limit}, written ${new Date().toISOString()}\n\n`;
      await writeFile(plansFile, header + planText.join('\n'));
      console.log(`\n${planText.join('\n')}`);
      console.log(`plans written: ${plansFile}`);
      const figures: SearchFigures = { load: sys.load, limit, queries: results, plansFile };
      const statements = [...new Set(results.flatMap((r) => Object.keys(r.explainMs)))];
      return {
        figures,
        tables: [
          {
            title:
              `Search: GET /v1/content?q=…&limit=${limit}, cache missed, ${sys.load.contentTotal} published ` +
              `reviews, ${connections} connections (target p95 ≤ 20 ms)`,
            columns: ['kind', 'q', 'matches', ...loadColumns(CPU_OF).slice(1)],
            rows: results.map((r) => [
              r.kind,
              r.q,
              r.total,
              ...loadRow(r.kind, r.http, undefined, CPU_OF).slice(1),
            ]),
          },
          {
            title:
              'Search SQL: execution time per statement in EXPLAIN ANALYZE, ms (target ≤ 5 ms for all of them): ' +
              '`words` folds the text and looks its words up, `corrections` corrects typos, `window` looks up the bound ' +
              'of the first window of newest reviews, `search` is the page and its total',
            columns: ['kind', 'q', ...statements],
            rows: results.map((r) => [r.kind, r.q, ...statements.map((s) => r.explainMs[s] ?? '-')]),
          },
        ],
      };
    } finally {
      await sys.close();
    }
  },
};
