import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionFigures } from '../bench/scenarios/projection.ts';
import type { RecoveryFigures } from '../bench/scenarios/recovery.ts';
import type { StartupFigures } from '../bench/scenarios/startup.ts';
import type { BenchResult } from '../bench/support/report.ts';
import { percentile, spread } from '../bench/support/stats.ts';
import { caughtUpAt, histogram, prefixes } from '../bench/support/timeline.ts';
import { distributedAvailable } from './support/infra.ts';

// The benchmarks are commands that report figures (bench/README.md); this file only keeps them from
// rotting: each scenario runs once with tiny sizes and must write well-formed JSON. No speed is asserted.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

/** `npm run bench -- <args>` from the repository root; its stdout. */
async function bench(...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'bench', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, SCARF_ANALYTICS: 'false' },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

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
        expect(m.processes.length).toBeGreaterThan(0);
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
    loadBefore: { uptime: expect.stringMatching(/load average/), loadAverage: expect.any(Array) },
    loadAfter: { uptime: expect.stringMatching(/load average/) },
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
});
