import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/processes.ts';
import { machineSnapshot, type MachineSnapshot } from '../support/report.ts';
import { durationOption, intOption, UsageError, type Scenario } from '../support/scenario.ts';
import { formatSpread, round, spread, type Spread } from '../support/stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA_DIRS = ['fresh', 'existing'] as const;
type DataDirKind = (typeof DATA_DIRS)[number];

/** One process of the started tree and its resident memory. */
interface ProcessRss {
  pid: number;
  command: string;
  rssMb: number;
}

/** One `npm start` (times in ms from the spawn, memory in MB). */
export interface StartupMeasurement {
  run: number;
  checkout: string;
  dataDir: DataDirKind;
  load: MachineSnapshot;
  /** Spawn → the banner's URL lines on stdout. */
  bannerMs: number;
  /** Spawn → the first `GET /readyz` answered 200 (polled every 25 ms). */
  readyzMs: number;
  /** The later of the two: the system is up and has told the operator so. */
  readyMs: number;
  /** Spawn → "Press Ctrl+C" (printed once the demo data of a new data directory is in). */
  doneMs: number;
  /** What the banner itself said ("started in X s": measured inside, from the launcher's start). */
  reportedMs: number | null;
  /** When each step ended, ms from the launcher's start, as the system reports them (`rcr:` marks). */
  phases: Record<string, number>;
  /** CPU time the process tree had used when ready (user + system, all its processes). */
  cpuAtReadyMs: number;
  /**
   * CPU time of the main threads of the tree's live processes when ready (npm, the launcher, the
   * system): on an idle 2-core machine a start's critical path, and far less inflated by other load than
   * the wall time (compiler and thread-pool threads excluded).
   */
  mainThreadCpuAtReadyMs: number;
  /** Resident memory of the whole process tree (npm, shell, node…) when ready, and 2 s after done. */
  rssAtReadyMb: number;
  rssSettledMb: number;
  /** The largest tree RSS seen while starting (sampled every 50 ms). */
  rssPeakMb: number;
  processes: ProcessRss[];
  stopMs: number;
  exit: number | string;
}

export interface StartupFigures {
  measurements: StartupMeasurement[];
  summary: {
    checkout: string;
    dataDir: DataDirKind;
    readyMs: Spread;
    bannerMs: Spread;
    readyzMs: Spread;
    doneMs: Spread;
    cpuAtReadyMs: Spread;
    mainThreadCpuAtReadyMs: Spread;
    rssSettledMb: Spread;
    rssPeakMb: Spread;
  }[];
}

/** `pid → [ppid, pgid]` of every process now, from /proc (Linux). */
function processTable(): Map<number, { ppid: number; pgid: number }> {
  const table = new Map<number, { ppid: number; pgid: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces and parentheses): state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), pgid: Number(fields[2]) });
    } catch {
      // Gone since readdir.
    }
  }
  return table;
}

/** The processes of the tree rooted at `root` (its descendants, whatever their process group). */
function treeOf(root: number): number[] {
  const table = processTable();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, { ppid }] of table) if (ppid === tree[i]) tree.push(pid);
  }
  return tree.filter((pid) => table.has(pid));
}

function rssOf(pid: number): ProcessRss | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 80);
    return { pid, command, rssMb: round(kb / 1024, 1) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, ms) the tree has used: its live processes' own and, through `cutime` and
 * `cstime`, that of children which already exited (a compiler run, a shell step). On a shared machine
 * this is the figure load does not inflate much, unlike the wall time.
 */
function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of treeOf(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    } catch {
      // Gone since the listing.
    }
  }
  return ticks * 10;
}

/** CPU time (user + system, ms) of the main thread of each live process of the tree. */
function treeMainThreadCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of treeOf(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone since the listing.
    }
  }
  return ticks * 10;
}

function treeRss(root: number): { totalMb: number; processes: ProcessRss[] } {
  const processes = treeOf(root)
    .map(rssOf)
    .filter((p): p is ProcessRss => p !== undefined);
  return {
    totalMb: round(
      processes.reduce((sum, p) => sum + p.rssMb, 0),
      1,
    ),
    processes,
  };
}

/** Sends `signal` to the process group `pgid` (false when no process is left in it). */
function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the started tree as Ctrl+C in a terminal would (SIGTERM to the whole group, SIGKILL after 15 s)
 * and waits until none of its processes is left (in the group or not), so the next start has the
 * machine to itself.
 */
async function stopGroup(pgid: number, exited: Promise<number | string>): Promise<number | string> {
  const tree = new Set(treeOf(pgid));
  signalGroup(pgid, 'SIGTERM');
  const deadline = performance.now() + 15_000;
  const left = () => [...processTable()].some(([pid, p]) => p.pgid === pgid || tree.has(pid));
  while (left()) {
    if (performance.now() > deadline) {
      signalGroup(pgid, 'SIGKILL');
      for (const pid of tree) signalPid(pid, 'SIGKILL');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return exited;
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts `command` in `cwd` on `dataDir` exactly as an operator would (a shell, its own process group),
 * measures it until ready and settled, then stops it with SIGTERM (the whole group).
 */
async function measureStart(
  command: string,
  cwd: string,
  dataDir: string,
  timeoutMs: number,
): Promise<Omit<StartupMeasurement, 'run' | 'checkout' | 'dataDir' | 'load'>> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn('sh', ['-c', command], {
    cwd,
    detached: true,
    env: {
      ...process.env,
      RCR_DATA_DIR: dataDir,
      PORT: String(port),
      PARTNER_GRPC_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '',
      RCR_STARTUP_PHASES: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let output = '';
  let bannerMs: number | undefined;
  let doneMs: number | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (bannerMs === undefined && output.includes(`${base}/v1/content`)) bannerMs = performance.now() - t0;
    if (doneMs === undefined && output.includes('Press Ctrl+C')) doneMs = performance.now() - t0;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let alive = true;
  void exited.then(() => (alive = false));

  let rssPeakMb = 0;
  const sampler = setInterval(() => {
    rssPeakMb = Math.max(rssPeakMb, treeRss(pid).totalMb);
  }, 50);
  try {
    let readyzMs: number | undefined;
    const deadline = t0 + timeoutMs;
    while (readyzMs === undefined || bannerMs === undefined) {
      if (!alive) throw new Error(`${command} exited before it was ready:\n${output.slice(-3000)}`);
      if (performance.now() > deadline) throw new Error(`${command}: not ready after ${timeoutMs} ms`);
      if (readyzMs === undefined) {
        const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) })
          .then((response) => response.status === 200)
          .catch(() => false);
        if (ok) readyzMs = performance.now() - t0;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const cpuAtReadyMs = treeCpuMs(pid);
    const mainThreadCpuAtReadyMs = treeMainThreadCpuMs(pid);
    const atReady = treeRss(pid);
    rssPeakMb = Math.max(rssPeakMb, atReady.totalMb);
    while (doneMs === undefined) {
      if (!alive) throw new Error(`${command} exited while loading demo data:\n${output.slice(-3000)}`);
      if (performance.now() > deadline) throw new Error(`${command}: not done after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const settled = treeRss(pid);
    if (!alive) throw new Error(`${command} exited after it was ready:\n${output.slice(-3000)}`);
    const reported = /started in ([\d.]+) s/.exec(output)?.[1];
    const phases = Object.fromEntries(
      [.../([^,=\n]+)=(\d+)/g[Symbol.matchAll](/Start-up phases (.*)/.exec(output)?.[1] ?? '')].map((m) => [
        (m[1] as string).trim(),
        Number(m[2]),
      ]),
    );
    const stopAt = performance.now();
    const exit = await stopGroup(pid, exited);
    return {
      bannerMs: round(bannerMs),
      readyzMs: round(readyzMs),
      readyMs: round(Math.max(bannerMs, readyzMs)),
      doneMs: round(doneMs),
      cpuAtReadyMs,
      mainThreadCpuAtReadyMs,
      reportedMs: reported === undefined ? null : Number(reported) * 1000,
      phases,
      rssAtReadyMb: atReady.totalMb,
      rssSettledMb: settled.totalMb,
      rssPeakMb,
      processes: settled.processes,
      stopMs: round(performance.now() - stopAt),
      exit,
    };
  } catch (err) {
    const tree = treeOf(pid);
    signalGroup(pid, 'SIGKILL');
    for (const member of tree) signalPid(member, 'SIGKILL');
    await exited;
    throw err;
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The system's own account of where a start went: for each step (in the order they ended), the median
 * ms from the launcher's start to its end, per checkout and data directory.
 */
function phaseTable(measurements: StartupMeasurement[], checkouts: string[]) {
  const names = [...new Set(measurements.flatMap((m) => Object.keys(m.phases)))];
  const groups = checkouts.flatMap((checkout) =>
    DATA_DIRS.map((dataDir) => ({
      label: `${path.relative(process.cwd(), checkout) || '.'} ${dataDir}`,
      of: measurements.filter((m) => m.checkout === checkout && m.dataDir === dataDir),
    })),
  );
  return {
    title:
      "Start-up phases: median ms from the launcher's start to the end of each step (as the system reports)",
    columns: ['step', ...groups.map((g) => g.label)],
    rows: names.map((name) => [
      name,
      ...groups.map((g) => {
        const values = g.of.map((m) => m.phases[name]).filter((v): v is number => v !== undefined);
        return values.length ? round(spread(values).median) : '-';
      }),
    ]),
  };
}

export const scenario: Scenario = {
  summary: '`npm start` on a fresh and on an existing data directory: time to ready and memory',
  requires: [],
  options: {
    runs: { default: '3', help: 'fresh + existing start pairs per checkout' },
    command: { default: 'npm start', help: 'the start command (run by sh in each checkout)' },
    checkouts: {
      default: '',
      help: 'comma-separated checkout directories to compare, interleaved (default: this one)',
    },
    timeout: { default: '120s', help: 'give up on a start after this long' },
  },
  async run(options, { progress }) {
    const runs = intOption(options, 'runs');
    const timeoutMs = durationOption(options, 'timeout');
    const command = options.command ?? 'npm start';
    const checkouts = (options.checkouts ? options.checkouts.split(',') : [ROOT]).map((c) =>
      path.resolve(c.trim()),
    );
    if (checkouts.some((c) => c === '')) throw new UsageError('--checkouts must name directories');
    const measurements: StartupMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const checkout of checkouts) {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rcr-bench-startup-'));
        try {
          for (const kind of DATA_DIRS) {
            const load = machineSnapshot();
            const m = await measureStart(command, checkout, dataDir, timeoutMs);
            measurements.push({ run, checkout, dataDir: kind, load, ...m });
            progress(
              `run ${run} ${checkout} ${kind}: ready ${m.readyMs} ms (banner ${m.bannerMs}, readyz ${m.readyzMs}), ` +
                `RSS ${m.rssSettledMb} MB (peak ${m.rssPeakMb}) — load ${load.loadAverage.join(' ')}`,
            );
          }
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }
    }
    const summary = checkouts.flatMap((checkout) =>
      DATA_DIRS.map((dataDir) => {
        const of = (pick: (m: StartupMeasurement) => number) =>
          spread(measurements.filter((m) => m.checkout === checkout && m.dataDir === dataDir).map(pick));
        return {
          checkout,
          dataDir,
          readyMs: of((m) => m.readyMs),
          bannerMs: of((m) => m.bannerMs),
          readyzMs: of((m) => m.readyzMs),
          doneMs: of((m) => m.doneMs),
          cpuAtReadyMs: of((m) => m.cpuAtReadyMs),
          mainThreadCpuAtReadyMs: of((m) => m.mainThreadCpuAtReadyMs),
          rssSettledMb: of((m) => m.rssSettledMb),
          rssPeakMb: of((m) => m.rssPeakMb),
        };
      }),
    );
    const figures: StartupFigures = { measurements, summary };
    return {
      figures,
      tables: [
        {
          title: `Start-up: \`${command}\`, ${runs} run(s) per data directory — median (min–max)`,
          columns: [
            'checkout',
            'data dir',
            'ready ms',
            'banner ms',
            '/readyz ms',
            'done ms',
            'CPU ms at ready',
            'main-thread CPU ms',
            'tree RSS MB (done+2 s)',
            'peak RSS MB',
          ],
          rows: summary.map((s) => [
            path.relative(process.cwd(), s.checkout) || '.',
            s.dataDir,
            formatSpread(s.readyMs),
            formatSpread(s.bannerMs),
            formatSpread(s.readyzMs),
            formatSpread(s.doneMs),
            formatSpread(s.cpuAtReadyMs),
            formatSpread(s.mainThreadCpuAtReadyMs),
            formatSpread(s.rssSettledMb),
            formatSpread(s.rssPeakMb),
          ]),
        },
        {
          title: 'Per start (load = 1-minute load average when it began)',
          columns: [
            'run',
            'checkout',
            'data dir',
            'ready ms',
            'done ms',
            'CPU ms',
            'main CPU ms',
            'reported ms',
            'RSS MB',
            'processes (MB)',
            'load',
          ],
          rows: measurements.map((m) => [
            m.run,
            path.relative(process.cwd(), m.checkout) || '.',
            m.dataDir,
            m.readyMs,
            m.doneMs,
            m.cpuAtReadyMs,
            m.mainThreadCpuAtReadyMs,
            m.reportedMs ?? '-',
            m.rssSettledMb,
            m.processes
              .map((p) => `${p.command.split(' ')[0]?.split('/').pop()}:${Math.round(p.rssMb)}`)
              .join(' '),
            m.load.loadAverage[0] ?? '-',
          ]),
        },
        phaseTable(measurements, checkouts),
      ],
    };
  },
};
