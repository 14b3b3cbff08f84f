import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { spawnScript, type ServiceProcess } from '../../scripts/processes.ts';
import { cpuWindow } from './cpu.ts';
import { percentiles, round, type Percentiles } from './stats.ts';

/**
 * The HTTP load harness: autocannon (in this process) keeps `connections` keep-alive connections busy
 * for a duration (or a number of requests), each request's path chosen by the caller (so every request
 * can miss a cache), and reports requests per second, latency percentiles of every response, bytes and
 * non-2xx answers. `RawServer` is the yardstick: a bare `node:http` process sending fixed bytes.
 */

/** What to send. */
export interface LoadSpec {
  /** Origin, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  /** The path (with query) of each request, called once per request; or one fixed path. */
  path: string | (() => string);
  connections: number;
  /** Run this long (ms)… */
  durationMs?: number;
  /** …or stop after this many requests. */
  amount?: number;
  headers?: Record<string, string>;
  /** Processes whose CPU use over the run is reported, by name (e.g. the gateway, content). */
  processes?: Record<string, number | undefined>;
}

/** What a run measured. */
export interface LoadFigures {
  /** The machine's 1-minute load average when the run started (the machine is shared). */
  loadAverage: number;
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  /** Per response, request written → response complete (ms). */
  latencyMs: Percentiles;
  /** Response bytes in total and per response (headers and body). */
  bytes: number;
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses per status code. */
  statuses: Record<string, number>;
  /** The machine's busy share over the run (%) and each named process's use of one core (100 = a core). */
  cpu: { machineBusyPercent: number; processes: Record<string, number | null> };
}

/** Runs one load; latencies of every response are kept, so p95 and p99 are exact. */
export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const next = typeof spec.path === 'string' ? undefined : spec.path;
  const windows = Object.entries(spec.processes ?? {}).map(([name, pid]) => [name, cpuWindow(pid)] as const);
  const machine = cpuWindow(undefined);
  const loadAverage = round(os.loadavg()[0] ?? 0, 2);
  const startedAt = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${spec.origin}${typeof spec.path === 'string' ? spec.path : '/'}`,
        // autocannon refuses more connections than requests.
        connections: spec.amount !== undefined ? Math.min(spec.connections, spec.amount) : spec.connections,
        pipelining: 1,
        ...(spec.amount !== undefined
          ? { amount: spec.amount }
          : { duration: (spec.durationMs ?? 10_000) / 1000 }),
        timeout: 10,
        headers: spec.headers ?? {},
        ...(next ? { requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }] } : {}),
      },
      (err: unknown, done: autocannon.Result) => (err ? reject(err as Error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const durationMs = performance.now() - startedAt;
  const requests = latencies.length;
  return {
    loadAverage,
    requests,
    durationMs: Math.round(durationMs),
    requestsPerSecond: round((requests * 1000) / durationMs),
    latencyMs: {
      p50: round(percentiles(latencies).p50, 2),
      p95: round(percentiles(latencies).p95, 2),
      p99: round(percentiles(latencies).p99, 2),
      max: round(percentiles(latencies).max, 2),
    },
    bytes: result.throughput.total,
    bytesPerResponse: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    cpu: {
      machineBusyPercent: machine.end().machineBusyPercent,
      processes: Object.fromEntries(windows.map(([name, w]) => [name, w.end().processPercent])),
    },
  };
}

/** A captured answer: the body as sent and its content type. */
export interface CapturedAnswer {
  status: number;
  body: Buffer;
  contentType: string;
  headers: Record<string, string>;
}

/** GETs `url` once and keeps the answer's exact bytes. */
export async function capture(url: string, headers: Record<string, string> = {}): Promise<CapturedAnswer> {
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    body,
    contentType: response.headers.get('content-type') ?? 'application/json',
    headers: Object.fromEntries(response.headers.entries()),
  };
}

/** A bare `node:http` server in its own process, answering every request with one captured body. */
export class RawServer {
  private constructor(
    readonly origin: string,
    readonly process: ServiceProcess,
    private readonly dir: string,
  ) {}

  static async start(answer: CapturedAnswer): Promise<RawServer> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rcr-raw-'));
    const file = path.join(dir, 'body');
    await writeFile(file, answer.body);
    const child = spawnScript(
      'bench/support/raw-server.ts',
      { RAW_BODY_FILE: file, RAW_CONTENT_TYPE: answer.contentType },
      { label: 'raw-http' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const line = child.output.find((l) => l.startsWith('listening '));
      if (line) return new RawServer(`http://127.0.0.1:${line.slice('listening '.length)}`, child, dir);
      if (child.child.exitCode !== null || Date.now() > deadline) {
        await child.kill('SIGKILL');
        throw new Error(`the raw server did not start:\n${child.output.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    await this.process.kill('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One row of a comparison table: a load's figures with its label. */
export function loadRow(
  label: string,
  f: LoadFigures,
  raw: LoadFigures | undefined,
  cpuOf: readonly string[] = ['server'],
): (string | number)[] {
  return [
    label,
    f.requests,
    f.requestsPerSecond,
    round(f.latencyMs.p50, 2),
    round(f.latencyMs.p95, 2),
    round(f.latencyMs.p99, 2),
    f.bytesPerResponse,
    f.non2xx,
    f.errors + f.timeouts,
    raw ? round(f.requestsPerSecond / raw.requestsPerSecond, 3) : '-',
    f.cpu.machineBusyPercent,
    ...cpuOf.map((name) => f.cpu.processes[name] ?? '-'),
  ];
}

/** The columns `loadRow` fills (one CPU column per process name). */
export const loadColumns = (cpuOf: readonly string[] = ['server']) => [
  'what',
  'requests',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'bytes/resp',
  'non-2xx',
  'errors',
  '× raw',
  'busy %',
  ...cpuOf.map((name) => `${name} CPU %`),
];
