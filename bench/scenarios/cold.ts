import {
  LOAD_OPTIONS,
  openLoadedSystem,
  pageLoadOptions,
  pageLoadSettings,
  type LoadedSystem,
} from '../support/cluster.ts';
import { capture, loadColumns, loadRow, RawServer, runLoad, type LoadFigures } from '../support/http-load.ts';
import { cursorChain, MISS_HEADERS, uniquePaths } from '../support/read-paths.ts';
import { type Scenario } from '../support/scenario.ts';

/** The cold scenario's figures. */
export interface ColdFigures {
  load: LoadedSystem['load'];
  path: string;
  sampleBytes: number;
  /** First page, every request with `Cache-Control: no-cache`. */
  firstPage: LoadFigures;
  /** Every page of the newest-first list by cursor, in turn, with `Cache-Control: no-cache`. */
  cursorPages: LoadFigures & { pages: number };
  /** First page, every URL distinct through a no-op `publishedAfter` (a filtered list: the older figure). */
  filteredFirstPage: LoadFigures;
  raw: LoadFigures;
  ratio: { firstPage: number; cursorPages: number; filteredFirstPage: number };
}

/** The CPU columns of the HTTP tables: the process answering (gateway or raw server) and content. */
export const CPU_OF = ['server', 'content'] as const;

/** The processes to watch while the gateway answers. */
export function gatewayProcesses(sys: LoadedSystem, i = 0): Record<string, number | undefined> {
  return {
    server: sys.system.gateways[i]?.process.child.pid,
    content: sys.system.services.content.process.child.pid,
  };
}

/**
 * Cache-missed newest-first pages: `GET /v1/content?limit=…` through the gateway with every request
 * missing the cache (`Cache-Control: no-cache`, see bench/support/read-paths.ts), the first page and then
 * every page by cursor in turn, and the older filtered variant (a distinct no-op `publishedAfter`); then a raw `node:http` server sending the
 * bytes of one such answer, measured the same way in the same run.
 */
export const scenario: Scenario = {
  summary: 'cache-missed newest-first GET /v1/content pages vs raw node:http sending the same bytes',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    ...pageLoadOptions('10s', '2s'),
  },
  async run(options, context) {
    const { connections, durationMs, warmupMs, limit } = pageLoadSettings(options);
    const sys = await openLoadedSystem(options, context);
    try {
      const origin = sys.gateway();
      const base = `/v1/content?limit=${limit}`;
      const headers = { ...MISS_HEADERS };
      const sample = await capture(`${origin}${base}`, headers);
      if (sample.status !== 200 || sample.headers['x-cache'] !== 'MISS') {
        throw new Error(`the sample answer was ${sample.status}, X-Cache ${sample.headers['x-cache']}`);
      }
      const processes = gatewayProcesses(sys);
      context.progress(
        `warm-up ${warmupMs} ms, then ${durationMs} ms of first pages (Cache-Control: no-cache)`,
      );
      await runLoad({ origin, path: base, headers, connections, durationMs: warmupMs });
      const firstPage = await runLoad({ origin, path: base, headers, connections, durationMs, processes });

      const cursors = await cursorChain(sys.target, limit, 1_000_000);
      const cursorPaths = [base, ...cursors.map((c) => `${base}&cursor=${encodeURIComponent(c)}`)];
      let next = 0;
      context.progress(`${cursorPaths.length} newest-first pages by cursor, in turn, for ${durationMs} ms`);
      const cursorRun = await runLoad({
        origin,
        path: () => cursorPaths[next++ % cursorPaths.length] as string,
        headers,
        connections,
        durationMs,
        processes,
      });

      const paths = uniquePaths(base);
      context.progress(`${durationMs} ms of first pages with a distinct no-op publishedAfter each`);
      const filteredFirstPage = await runLoad({ origin, path: paths, connections, durationMs, processes });

      const raw = await RawServer.start(sample);
      let rawFigures: LoadFigures;
      try {
        context.progress(`raw node:http with the same ${sample.body.length} bytes`);
        await runLoad({ origin: raw.origin, path: base, connections, durationMs: warmupMs });
        rawFigures = await runLoad({
          origin: raw.origin,
          path: base,
          connections,
          durationMs,
          processes: { server: raw.process.child.pid },
        });
      } finally {
        await raw.close();
      }
      const figures: ColdFigures = {
        load: sys.load,
        path: base,
        sampleBytes: sample.body.length,
        firstPage,
        cursorPages: { ...cursorRun, pages: cursorPaths.length },
        filteredFirstPage,
        raw: rawFigures,
        ratio: {
          firstPage: firstPage.requestsPerSecond / rawFigures.requestsPerSecond,
          cursorPages: cursorRun.requestsPerSecond / rawFigures.requestsPerSecond,
          filteredFirstPage: filteredFirstPage.requestsPerSecond / rawFigures.requestsPerSecond,
        },
      };
      return {
        figures,
        tables: [
          {
            title:
              `Cold: GET ${base}, cache missed, ${sys.load.published} published reviews, ` +
              `${connections} connections, body ${sample.body.length} B (target ≥ 0.2× raw)`,
            columns: loadColumns(CPU_OF),
            rows: [
              loadRow('gateway, first page', firstPage, rawFigures, CPU_OF),
              loadRow(`gateway, ${cursorPaths.length} pages by cursor`, cursorRun, rawFigures, CPU_OF),
              loadRow('gateway, first page, no-op publishedAfter', filteredFirstPage, rawFigures, CPU_OF),
              loadRow('raw node:http, same bytes', rawFigures, undefined, CPU_OF),
            ],
          },
        ],
      };
    } finally {
      await sys.close();
    }
  },
};
