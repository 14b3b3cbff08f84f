import {
  LOAD_OPTIONS,
  openLoadedSystem,
  pageLoadOptions,
  pageLoadSettings,
  type LoadedSystem,
} from '../support/cluster.ts';
import { capture, loadColumns, loadRow, RawServer, runLoad, type LoadFigures } from '../support/http-load.ts';
import { type Scenario } from '../support/scenario.ts';
import { CPU_OF, gatewayProcesses } from './cold.ts';

/** The hot scenario's figures. */
export interface HotFigures {
  load: LoadedSystem['load'];
  path: string;
  bodyBytes: number;
  gateway: LoadFigures;
  raw: LoadFigures;
  ratio: number;
  targets: { ratioMet: boolean; p99Met: boolean };
}

/**
 * Hot pages: one `GET /v1/content?limit=…` URL, answered from the gateway's cache (checked: `X-Cache:
 * HIT` before the run, no invalidating write during it), against a raw `node:http` server sending the
 * same bytes, in the same run. Targets of issue 7: ≥ 0.5× raw and p99 ≤ 5 ms at 10 connections.
 */
export const scenario: Scenario = {
  summary: 'GET /v1/content from the gateway cache vs raw node:http sending the same bytes',
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
      const path = `/v1/content?limit=${limit}`;
      await capture(`${origin}${path}`);
      const sample = await capture(`${origin}${path}`);
      if (sample.status !== 200 || sample.headers['x-cache'] !== 'HIT') {
        throw new Error(`the second answer was ${sample.status}, X-Cache ${sample.headers['x-cache']}`);
      }
      context.progress(`gateway cache hits for ${durationMs} ms`);
      await runLoad({ origin, path, connections, durationMs: warmupMs });
      const gateway = await runLoad({
        origin,
        path,
        connections,
        durationMs,
        processes: gatewayProcesses(sys),
      });
      const after = await capture(`${origin}${path}`);
      if (after.headers['x-cache'] !== 'HIT') throw new Error('the page was no longer cached after the run');

      const raw = await RawServer.start(sample);
      let rawFigures: LoadFigures;
      try {
        context.progress(`raw node:http with the same ${sample.body.length} bytes`);
        await runLoad({ origin: raw.origin, path, connections, durationMs: warmupMs });
        rawFigures = await runLoad({
          origin: raw.origin,
          path,
          connections,
          durationMs,
          processes: { server: raw.process.child.pid },
        });
      } finally {
        await raw.close();
      }
      const ratio = gateway.requestsPerSecond / rawFigures.requestsPerSecond;
      const figures: HotFigures = {
        load: sys.load,
        path,
        bodyBytes: sample.body.length,
        gateway,
        raw: rawFigures,
        ratio,
        targets: { ratioMet: ratio >= 0.5, p99Met: gateway.latencyMs.p99 <= 5 },
      };
      return {
        figures,
        tables: [
          {
            title:
              `Hot: GET ${path} from the gateway cache, ${connections} connections, body ` +
              `${sample.body.length} B (targets ≥ 0.5× raw: ${figures.targets.ratioMet ? 'met' : 'NOT met'}, ` +
              `p99 ≤ 5 ms: ${figures.targets.p99Met ? 'met' : 'NOT met'})`,
            columns: loadColumns(CPU_OF),
            rows: [
              loadRow('gateway, cache hit', gateway, rawFigures, CPU_OF),
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
