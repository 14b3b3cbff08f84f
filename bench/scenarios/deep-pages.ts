import {
  LOAD_OPTIONS,
  openLoadedSystem,
  pageLoadOptions,
  pageLoadSettings,
  type LoadedSystem,
} from '../support/cluster.ts';
import { capture, loadColumns, loadRow, runLoad, type LoadFigures } from '../support/http-load.ts';
import { cursorChain, MISS_HEADERS } from '../support/read-paths.ts';
import { intListOption, type Scenario } from '../support/scenario.ts';
import { CPU_OF, gatewayProcesses } from './cold.ts';

/** One depth: `page=N` and the cursor of the same page, both cache-missed. */
export interface DepthFigures {
  page: number;
  byPage: LoadFigures;
  byCursor: LoadFigures | null;
  /** Whether both ways returned the same first review (null without a cursor). */
  samePage: boolean | null;
}

export interface DeepPagesFigures {
  load: LoadedSystem['load'];
  limit: number;
  pages: number;
  depths: DepthFigures[];
}

/**
 * Deep pages of the newest-first list: for each depth N, `GET /v1/content?limit=L&page=N` and the same
 * page reached by its cursor (`cursor=` of page N, taken from content over gRPC), every request a cache
 * miss (`Cache-Control: no-cache`, see bench/support/read-paths.ts). Depths past the last page are skipped.
 */
export const scenario: Scenario = {
  summary: 'cache-missed GET /v1/content at page=N for several depths, and the cursor equivalent',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    depths: {
      default: '1,10,100,400',
      help: 'page numbers to measure (those past the last page are skipped)',
    },
    ...pageLoadOptions('5s', '1s'),
  },
  async run(options, context) {
    const { connections, durationMs, warmupMs, limit } = pageLoadSettings(options);
    const wanted = intListOption(options, 'depths');
    const sys = await openLoadedSystem(options, context);
    try {
      const origin = sys.gateway();
      const pages = Math.max(1, Math.ceil(sys.load.contentTotal / limit));
      const depths = wanted.filter((n) => n <= pages);
      const cursors = await cursorChain(sys.target, limit, Math.max(...depths) - 1);
      const processes = gatewayProcesses(sys);
      const results: DepthFigures[] = [];
      for (const page of depths) {
        const headers = { ...MISS_HEADERS };
        const byPagePath = `/v1/content?limit=${limit}&page=${page}`;
        const cursor = page === 1 ? undefined : cursors[page - 2];
        const byCursorPath = cursor
          ? `/v1/content?limit=${limit}&cursor=${encodeURIComponent(cursor)}`
          : undefined;
        let samePage: boolean | null = null;
        if (byCursorPath) {
          const [a, b] = await Promise.all([
            capture(`${origin}${byPagePath}`, headers),
            capture(`${origin}${byCursorPath}`, headers),
          ]);
          const first = (answer: typeof a) =>
            (JSON.parse(answer.body.toString()) as { data: { reviewId?: string; id?: string }[] }).data[0];
          if (a.status !== 200 || b.status !== 200)
            throw new Error(`page ${page}: ${a.status} / ${b.status}`);
          samePage = JSON.stringify(first(a)) === JSON.stringify(first(b));
        }
        context.progress(`page ${page} of ${pages}`);
        const load = (path: string, measured: boolean) =>
          runLoad({
            origin,
            path,
            headers,
            connections,
            durationMs: measured ? durationMs : warmupMs,
            ...(measured ? { processes } : {}),
          });
        await load(byPagePath, false);
        const byPage = await load(byPagePath, true);
        let byCursor: LoadFigures | null = null;
        if (byCursorPath) {
          await load(byCursorPath, false);
          byCursor = await load(byCursorPath, true);
        }
        results.push({ page, byPage, byCursor, samePage });
      }
      const figures: DeepPagesFigures = { load: sys.load, limit, pages, depths: results };
      return {
        figures,
        tables: [
          {
            title:
              `Deep pages: GET /v1/content?limit=${limit}, cache missed, ${sys.load.contentTotal} published ` +
              `reviews (${pages} pages), ${connections} connections`,
            columns: loadColumns(CPU_OF),
            rows: results.flatMap((r) => [
              loadRow(`page=${r.page}`, r.byPage, undefined, CPU_OF),
              ...(r.byCursor
                ? [
                    loadRow(
                      `cursor of page ${r.page}${r.samePage ? '' : ' (DIFFERENT page!)'}`,
                      r.byCursor,
                      undefined,
                      CPU_OF,
                    ),
                  ]
                : []),
            ]),
          },
        ],
      };
    } finally {
      await sys.close();
    }
  },
};
