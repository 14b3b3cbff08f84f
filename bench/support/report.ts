import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';

/** A table printed to stdout: column headers and rows of cells. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** What the machine was doing around a measurement (the machine is shared: load changes the figures). */
export interface MachineSnapshot {
  at: string;
  /** The `uptime` command's line (load averages over 1, 5 and 15 minutes). */
  uptime: string;
  loadAverage: number[];
  /**
   * How long a fixed single-threaded workload took on this process's thread just then (cpuProbe): the
   * machine's speed of the moment. The VM's speed changes from day to day (the raw server's req/s halved
   * between two quiet evenings), which the load average does not show.
   */
  cpuProbeMs: number;
}

/** The machine and code a result was measured on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  /** The commit checked out (with `+dirty` when tracked files other than bench/results had changes). */
  commit: string;
}

/** The JSON file of one `npm run bench` invocation. */
export interface BenchResult<F = unknown> {
  scenario: string;
  startedAt: string;
  finishedAt: string;
  options: Record<string, string>;
  machine: MachineInfo;
  loadBefore: MachineSnapshot;
  loadAfter: MachineSnapshot;
  figures: F;
}

/** The load right now. */
export function machineSnapshot(): MachineSnapshot {
  let uptime: string;
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`;
  }
  return {
    at: new Date().toISOString(),
    uptime,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    cpuProbeMs: cpuProbe(),
  };
}

/**
 * Milliseconds for a fixed workload like the services' own (JSON round trips of a review-sized object,
 * SHA-256 over 8 MiB), the median of five; lower is faster. Comparable between result files only.
 */
export function cpuProbe(): number {
  const review = {
    id: '0f8c2a8e-4c1b-4e7e-9d6a-1f2e3d4c5b6a',
    title: 'Una cámara para viajar ligero',
    body: 'La estabilización funciona muy bien y el enfoque automático es rápido. '.repeat(20),
    pros: ['ligera', 'batería', 'pantalla'],
    cons: ['precio'],
    rating: 8.5,
  };
  const chunk = Buffer.alloc(64 * 1024, 7);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    let size = 0;
    for (let i = 0; i < 2000; i++) size += (JSON.parse(JSON.stringify(review)) as typeof review).body.length;
    const hash = createHash('sha256');
    for (let i = 0; i < 128; i++) hash.update(chunk);
    if (hash.digest('hex').length + size === 0) throw new Error('unreachable');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number((times[2] as number).toFixed(1));
}

/** The machine and the commit under measurement. */
export function machineInfo(): MachineInfo {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  // Results written by earlier runs are not code under measurement.
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results').length > 0;
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    commit: dirty ? `${commit}+dirty` : commit,
  };
}

/** Renders a table with padded columns (numbers right-aligned). */
export function formatTable(table: Table): string {
  const cells = table.rows.map((row) => row.map(String));
  const widths = table.columns.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[], numeric: boolean[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const numericCols = table.columns.map((_, i) => table.rows.every((row) => typeof row[i] !== 'string'));
  return [
    table.title,
    line(table.columns, numericCols),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map((row, r) =>
      line(
        cells[r] as string[],
        row.map((cell) => typeof cell === 'number'),
      ),
    ),
  ].join('\n');
}

/**
 * Writes a result as `<dir>/<scenario>-<UTC date and time>.json`, formatted as the repository formats
 * JSON (so `npm run lint` accepts committed results); returns the path.
 */
export async function writeResult(dir: string, result: BenchResult): Promise<string> {
  const stamp = result.startedAt.slice(0, 19).replace(/:/g, '-');
  const file = path.join(dir, `${result.scenario}-${stamp}.json`);
  await mkdir(dir, { recursive: true });
  const config = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(JSON.stringify(result), { ...config, filepath: file }));
  return file;
}
