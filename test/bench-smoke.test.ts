import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColdFigures } from '../bench/scenarios/cold.ts';
import type { DeepPagesFigures } from '../bench/scenarios/deep-pages.ts';
import type { HotFigures } from '../bench/scenarios/hot.ts';
import type { ProjectionFigures } from '../bench/scenarios/projection.ts';
import type { PushFigures } from '../bench/scenarios/push.ts';
import type { SearchFigures } from '../bench/scenarios/search.ts';
import type { WritesFigures } from '../bench/scenarios/writes.ts';
import { keptDatabaseName } from '../bench/support/cluster.ts';
import { generateDataset, parseReviewLines, reviewLines } from '../bench/support/dataset.ts';
import type { RecoveryFigures } from '../bench/scenarios/recovery.ts';
import type { StartupFigures } from '../bench/scenarios/startup.ts';
import type { BenchResult } from '../bench/support/report.ts';
import { percentile, spread } from '../bench/support/stats.ts';
import { caughtUpAt, histogram, prefixes } from '../bench/support/timeline.ts';
import { distributedAvailable, infra } from './support/infra.ts';

// The benchmarks are commands that report figures (bench/README.md); this file only keeps them from
// rotting: each scenario runs once with tiny sizes and must write well-formed JSON. No speed is asserted.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

/** `npm run <script> -- <args>` from the repository root; its stdout. */
async function npmRun(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, SCARF_ANALYTICS: 'false' },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

/** `npm run bench -- <args>`; its stdout. */
const bench = (...args: string[]) => npmRun('bench', ...args);

const count = expect.any(Number);

describe('benchmark arithmetic', () => {
  it('when percentiles are taken, then they are nearest-rank values of the sample', () => {
    const sample = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(percentile(sample, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('when runs are summarised, then the spread is their median and range', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spread([4, 1])).toEqual({ median: 2.5, min: 1, max: 4, runs: 2 });
  });

  it('when a consumer stops and catches up, then the read model is complete again once the backlog lag is back to the steady one', () => {
    // Published every 10 ms, applied 2 ms later, except that nothing is applied between 100 and 400 ms:
    // the backlog (published 100…390) is applied from 400 ms on, 5 ms apart, until it has caught up.
    const points = Array.from({ length: 60 }, (_, i) => {
      const at = i * 10;
      if (at < 100) return { at, appliedAt: at + 2 };
      return { at, appliedAt: Math.max(at + 2, 400 + (i - 10) * 5) };
    });
    const series = prefixes(points);
    expect(series[12]).toEqual({ at: 120, completeAt: 410 });
    // Backlog lag at the i-th event: 400 + 5(i−10) − 10i = 350 − 5i, within 2 ms from i = 70 on; the
    // applies catch up with the publishes first at i = 70, beyond the data: not caught up.
    expect(caughtUpAt(series, 100, 2)).toBeNull();
    // With a looser steady lag of 100 ms, it is complete again at i = 50: applied at 600 ms.
    expect(caughtUpAt(series, 100, 100)).toBe(600);
  });

  it('when apply times are bucketed, then each bucket counts the times in it from the start', () => {
    expect(histogram([0, 100, 499, 500, 1600, -5], 0, 500)).toEqual([3, 1, 0, 1]);
  });
});

describe('the loader\u2019s data set', () => {
  const options = { reviews: 400, seed: 7, editors: 5, cameras: 30, publishedRatio: 0.85 };

  it('when the same seed is given twice, then the same data set comes out; another seed gives another', () => {
    expect(generateDataset(options)).toEqual(generateDataset(options));
    expect(generateDataset({ ...options, seed: 8 }).reviews[0]).not.toEqual(
      generateDataset(options).reviews[0],
    );
  });

  it('when reviews are generated, then they are valid, in Spanish and English, with accents, mostly published', () => {
    const { editors, cameras, reviews } = generateDataset(options);
    expect(editors).toHaveLength(5);
    expect(new Set(editors.map((e) => e.email)).size).toBe(5);
    expect(new Set(cameras.map((c) => `${c.brand}|${c.model}`)).size).toBe(30);
    expect(new Set(reviews.map((r) => r.language))).toEqual(new Set(['es', 'en']));
    expect(reviews.some((r) => /[áéíóúñ]/.test(r.body))).toBe(true);
    const published = reviews.filter((r) => r.publish).length / reviews.length;
    expect(published).toBeGreaterThan(0.75);
    expect(published).toBeLessThan(0.95);
    for (const r of reviews) {
      expect(r.rating).toBeGreaterThanOrEqual(0);
      expect(r.rating).toBeLessThanOrEqual(10);
      expect(Math.round(r.rating * 10)).toBeCloseTo(r.rating * 10, 6);
      expect(r.title.length).toBeGreaterThanOrEqual(3);
      expect(r.pros.length).toBeGreaterThan(0);
      expect(cameras[r.camera]).toBeDefined();
      expect(editors[r.editor]).toBeDefined();
    }
  });

  it('when a data set is written as JSON lines and read back, then the reviews and cameras are the same', () => {
    const dataset = generateDataset({ ...options, reviews: 50 });
    const back = parseReviewLines(reviewLines(dataset), 5, 7);
    expect(back.reviews.map(({ camera: _c, editor: _e, ...r }) => r)).toEqual(
      dataset.reviews.map(({ camera: _c, editor: _e, ...r }) => r),
    );
    expect(back.reviews.map((r) => back.cameras[r.camera]?.model)).toEqual(
      dataset.reviews.map((r) => dataset.cameras[r.camera]?.model),
    );
    expect(() => parseReviewLines('{"title":"x"}\n', 1, 1)).toThrow(/line 1/);
    expect(() => parseReviewLines('not json', 1, 1)).toThrow(/line 1: not JSON/);
  });
});

describe('the bench command', () => {
  it('when an unknown scenario is asked for, then it fails and lists the scenarios', async () => {
    const failure = await bench('no-such-scenario').then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/unknown scenario "no-such-scenario"/);
    expect(failure?.stderr).toMatch(/projection/);
    expect(failure?.stderr).toMatch(/recovery/);
  });

  it('when the startup scenario runs, then it starts npm start on a fresh and an existing data dir and writes its figures as JSON', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'rcr-bench-startup-out-'));
    try {
      const stdout = await bench('startup', '--runs', '1', '--out', out);
      expect(stdout).toMatch(/Start-up: `npm start`/);
      const files = (await readdir(out)).filter((f) => f.startsWith('startup-') && f.endsWith('.json'));
      expect(files).toHaveLength(1);
      const json = JSON.parse(
        await readFile(path.join(out, files[0] as string), 'utf8'),
      ) as BenchResult<StartupFigures>;
      expect(json).toMatchObject({ scenario: 'startup', options: { runs: '1', command: 'npm start' } });
      expect(json.figures.measurements.map((m) => m.dataDir)).toEqual(['fresh', 'existing']);
      for (const m of json.figures.measurements) {
        expect(m).toMatchObject({ readyMs: count, doneMs: count, rssSettledMb: count, rssPeakMb: count });
        expect(m.mainThreadCpuAtReadyMs).toBeGreaterThan(0);
        expect(m.processes.length).toBeGreaterThan(0);
        // The system's own account of its start: each step's end, in order, the last one "ready".
        expect(Object.keys(m.phases)).toEqual(
          expect.arrayContaining(['modules loaded', 'database open', 'ready']),
        );
        expect(m.phases['database open']).toBeGreaterThan(m.phases['modules loaded'] as number);
        expect(m.phases.ready).toBeGreaterThanOrEqual(m.phases['database open'] as number);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 300_000);
});

const available = await distributedAvailable('benchmark scenarios');

describe.skipIf(!available)('benchmark scenarios, tiny sizes (distributed mode)', () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'rcr-bench-'));
  });
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  /** The one result file a scenario wrote to `out`, parsed. */
  async function result<F>(scenario: string): Promise<BenchResult<F>> {
    const files = (await readdir(out)).filter((f) => f.startsWith(`${scenario}-`) && f.endsWith('.json'));
    expect(files).toHaveLength(1);
    return JSON.parse(await readFile(path.join(out, files[0] as string), 'utf8')) as BenchResult<F>;
  }

  const envelope = (scenario: string) => ({
    scenario,
    startedAt: expect.any(String),
    finishedAt: expect.any(String),
    machine: { cpus: count, node: expect.any(String), commit: expect.any(String) },
    loadBefore: {
      uptime: expect.stringMatching(/load average/),
      loadAverage: expect.any(Array),
      cpuProbeMs: expect.any(Number),
    },
    loadAfter: { uptime: expect.stringMatching(/load average/), cpuProbeMs: expect.any(Number) },
  });

  it('when the projection scenario runs, then it prints its tables and writes its figures as JSON', async () => {
    const stdout = await bench(
      'projection',
      ...['--events', '20', '--cameras', '2', '--editors', '2', '--in-flight', '1,4', '--runs', '1'],
      ...['--out', out],
    );

    expect(stdout).toMatch(/Projection: 20 review.published events/);
    expect(stdout).toMatch(/written: .*projection-.*\.json/);
    const json = await result<ProjectionFigures>('projection');
    expect(json).toMatchObject({ ...envelope('projection'), options: { events: '20', 'in-flight': '1,4' } });
    expect(json.figures.measurements.map((m) => m.inFlight)).toEqual([1, 4]);
    for (const m of json.figures.measurements) {
      expect(m).toMatchObject({
        events: 20,
        publishedPerSecond: count,
        appliedPerSecond: count,
        lagMs: { p50: count, p95: count, p99: count, max: count },
        cpu: { machineBusyPercent: count },
        redelivered: count,
        duplicateEffects: count,
      });
      expect(Number.isFinite(m.appliedPerSecond)).toBe(true);
    }
    expect(json.figures.summary).toEqual([
      expect.objectContaining({ inFlight: 1, appliedPerSecond: expect.objectContaining({ runs: 1 }) }),
      expect.objectContaining({ inFlight: 4, appliedPerSecond: expect.objectContaining({ runs: 1 }) }),
    ]);
  }, 240_000);

  it('when the recovery scenario runs, then it prints its tables and writes its figures as JSON', async () => {
    const stdout = await bench(
      'recovery',
      ...['--rate', '20', '--warmup', '1500ms', '--tail', '500ms', '--cameras', '2', '--editors', '2'],
      ...['--runs', '1', '--out', out],
    );

    expect(stdout).toMatch(/Recovery: content stopped and restarted/);
    expect(stdout).toMatch(/written: .*recovery-.*\.json/);
    const json = await result<RecoveryFigures>('recovery');
    expect(json).toMatchObject({ ...envelope('recovery'), options: { rate: '20', signals: 'kill,term' } });
    expect(json.figures.measurements.map((m) => m.signal)).toEqual(['SIGKILL', 'SIGTERM']);
    for (const m of json.figures.measurements) {
      expect(m).toMatchObject({
        published: count,
        stopMs: count,
        startupMs: count,
        firstApplyMs: count,
        steadyBacklogLagMs: count,
        pendingAtSignal: count,
        backlogAtServing: count,
        redelivered: count,
        duplicateEffects: count,
      });
      expect(m).toHaveProperty('consumerAtExit');
      expect(m.appliedPerHalfSecond.every((n) => Number.isInteger(n))).toBe(true);
    }
    expect(json.figures.summary.map((s) => s.signal)).toEqual(['SIGKILL', 'SIGTERM']);
  }, 300_000);

  // The scenarios that read a loaded data set share one: the first loads and keeps it (`--reuse yes`),
  // the others start on a copy of it, as an operator comparing scenarios would. A seed of this run's own,
  // so no earlier kept database answers, and the kept one is dropped at the end.
  const seed = String(100_000 + Math.floor(Math.random() * 800_000));
  const keptLoad = keptDatabaseName({
    reviews: '30',
    seed,
    editors: '2',
    cameras: '3',
    'published-ratio': '0.85',
    synthetic: '0',
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: infra.postgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${keptLoad} WITH (FORCE)`);
    await admin.end();
  });
  const tiny = [
    ...['--reviews', '30', '--seed', seed, '--editors', '2', '--cameras', '3', '--reuse', 'yes'],
    '--out',
  ];
  const http = {
    requests: count,
    requestsPerSecond: count,
    latencyMs: { p50: count, p99: count },
    non2xx: 0,
  };

  it('when the loader runs against a system it starts, then it writes every review and waits for the read model', async () => {
    const file = path.join(out, 'reviews.jsonl');
    const stdout = await npmRun(
      'load',
      '--start',
      '--reviews',
      '12',
      '--editors',
      '2',
      '--cameras',
      '3',
      '--dump',
      file,
    );
    expect(stdout).toMatch(/12 reviews \(\d+ published\): written at \d+\/s/);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(12);

    const again = await npmRun('load', '--start', '--file', file, '--editors', '2');
    expect(again).toMatch(/12 reviews \(\d+ published\)/);
  }, 240_000);

  it('when the cold scenario runs, then it compares cache-missed pages with raw node:http', async () => {
    const stdout = await bench('cold', ...tiny, out, '--duration', '300ms', '--warmup', '100ms');
    expect(stdout).toMatch(/Cold: GET \/v1\/content\?limit=20, cache missed/);
    const json = await result<ColdFigures>('cold');
    expect(json).toMatchObject({
      ...envelope('cold'),
      figures: {
        firstPage: http,
        filteredFirstPage: http,
        raw: http,
        ratio: { firstPage: count, filteredFirstPage: count },
      },
    });
    expect(json.figures.firstPage.statuses).toEqual({ 200: json.figures.firstPage.requests });
    expect(json.figures.cursorPages.pages).toBeGreaterThan(0);
  }, 240_000);

  it('when the hot scenario runs, then it compares cache hits with raw node:http', async () => {
    const stdout = await bench('hot', ...tiny, out, '--duration', '300ms', '--warmup', '100ms');
    expect(stdout).toMatch(/Hot: GET \/v1\/content\?limit=20 from the gateway cache/);
    expect(await result<HotFigures>('hot')).toMatchObject({
      ...envelope('hot'),
      figures: { gateway: http, raw: http, ratio: count, targets: { ratioMet: expect.any(Boolean) } },
    });
  }, 240_000);

  it('when the deep-pages scenario runs, then it measures page=N and the cursor of the same page', async () => {
    await bench(
      'deep-pages',
      ...tiny,
      out,
      '--depths',
      '1,2,999',
      '--limit',
      '5',
      '--duration',
      '300ms',
      '--warmup',
      '100ms',
    );
    const json = await result<DeepPagesFigures>('deep-pages');
    expect(json.figures.depths.map((d) => d.page)).toEqual([1, 2]);
    expect(json.figures.depths[1]).toMatchObject({ byPage: http, byCursor: http, samePage: true });
  }, 240_000);

  it('when the search scenario runs, then it measures each query and writes the plans', async () => {
    const stdout = await bench(
      'search',
      ...tiny,
      out,
      '--queries',
      'common:cámara;typo:camra',
      '--duration',
      '300ms',
      '--warmup',
      '100ms',
    );
    expect(stdout).toMatch(/Search: GET \/v1\/content\?q=/);
    const json = await result<SearchFigures>('search');
    expect(json.figures.queries.map((q) => q.kind)).toEqual(['common', 'typo']);
    expect(json.figures.queries[0]).toMatchObject({ http, explainMs: expect.any(Object) });
    expect(await readFile(json.figures.plansFile, 'utf8')).toMatch(/Execution Time/);
  }, 240_000);

  it('when a synthetic data set is asked for, then the loader\u2019s published reviews are copied in PostgreSQL up to --reviews', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rcr-synthetic-'));
    try {
      // 12 reviews written through the write path (about 10 published), copied to 45 published ones;
      // the build checks the owner, states, versions, counters and every public JSON and fails otherwise.
      const options = ['--reviews', '45', '--synthetic', '12', '--editors', '2', '--cameras', '3'];
      const load = ['--queries', 'one:camara', '--duration', '200ms', '--warmup', '50ms', '--out', dir];
      await bench('search', ...options, ...load);
      const file = (await readdir(dir)).find((f) => f.startsWith('search-') && f.endsWith('.json'));
      const json = JSON.parse(
        await readFile(path.join(dir, file as string), 'utf8'),
      ) as BenchResult<SearchFigures>;
      const synthetic = json.figures.load.synthetic;
      expect(synthetic).toMatchObject({ published: 45, base: json.figures.load.published });
      expect(synthetic?.copies).toBe(Math.ceil(45 / (synthetic?.base ?? 1)));
      expect(json.figures.load.contentTotal).toBe(45);
      expect(json.figures.queries[0]?.total).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('when a scenario runs twice with --reuse yes, then the second runs on a copy of the kept load without loading', async () => {
    // A seed of its own, so no earlier kept database answers the first run.
    const seed = String(100_000 + Math.floor(Math.random() * 800_000));
    const kept = `rcr_keep_r7_s${seed}_e2_c3_p85`;
    const options = ['--reviews', '7', '--seed', seed, '--editors', '2', '--cameras', '3', '--reuse', 'yes'];
    const load = ['--queries', 'one:camara', '--duration', '200ms', '--warmup', '50ms'];
    const runs: BenchResult<SearchFigures>[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'rcr-reuse-'));
        await bench('search', ...options, ...load, '--out', dir);
        const file = (await readdir(dir)).find((f) => f.startsWith('search-') && f.endsWith('.json'));
        runs.push(
          JSON.parse(await readFile(path.join(dir, file as string), 'utf8')) as BenchResult<SearchFigures>,
        );
        await rm(dir, { recursive: true, force: true });
      }
      // The second run reports the first run's load (what the kept database's comment holds), not one of its own.
      expect(runs[1]?.figures.load).toEqual(runs[0]?.figures.load);
      expect(runs[1]?.figures.queries[0]?.total).toBe(runs[0]?.figures.queries[0]?.total);
    } finally {
      const admin = new pg.Client({ connectionString: infra.postgresUrl });
      await admin.connect();
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [kept]);
      await admin.query(`DROP DATABASE IF EXISTS ${kept} WITH (FORCE)`);
      await admin.end();
      expect(rowCount).toBe(1);
    }
  }, 300_000);

  it('when the writes scenario runs, then it reports requests per second, latencies and the read-model lag', async () => {
    await bench('writes', ...tiny, out, '--writers', '2', '--duration', '1s');
    const json = await result<WritesFigures>('writes');
    expect(json.figures).toMatchObject({ writers: 2, requestsPerSecond: count, failed: 0, notVisible: 0 });
    expect(json.figures.readModelLagMs.p99).toEqual(count);
  }, 240_000);

  it('when the push scenario runs, then every protocol\u2019s client on both gateways receives every publication', async () => {
    await bench('push', ...tiny, out, '--events', '3', '--interval', '10ms');
    const json = await result<PushFigures>('push');
    expect(json.figures.events).toBe(3);
    expect(json.figures.receivers.map((r) => `${r.protocol} ${r.gateway}`)).toEqual(
      ['Socket.IO', 'SSE', 'WebSocket', 'GraphQL', 'gRPC WatchReviews'].flatMap((protocol) => [
        `${protocol} same`,
        `${protocol} other`,
      ]),
    );
    for (const receiver of json.figures.receivers) {
      expect(receiver).toMatchObject({ missed: 0 });
      expect(receiver.ms.p50).toEqual(count);
    }
  }, 240_000);
});
