import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ, fixed by the kernel ABI). */
const TICK_MS = 10;

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU time of the whole machine so far, summed over its cores (ms). */
export function machineCpuMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, idle, irq } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + irq + idle;
  }
  return { busy, total };
}

/** What the CPUs did over a window: the machine's busy share and one process's use of one core (%). */
export interface CpuWindow {
  machineBusyPercent: number;
  /** CPU time of the process over wall time (100 = one core fully used); null without /proc. */
  processPercent: number | null;
}

/** Starts a CPU window for `pid` and the machine; `end()` closes it. */
export function cpuWindow(pid: number | undefined): { end(): CpuWindow } {
  const startedAt = performance.now();
  const machine = machineCpuMs();
  const process = processCpuMs(pid);
  return {
    end() {
      const wall = performance.now() - startedAt;
      const machineNow = machineCpuMs();
      const processNow = processCpuMs(pid);
      const total = machineNow.total - machine.total;
      return {
        machineBusyPercent: total > 0 ? Math.round(((machineNow.busy - machine.busy) * 100) / total) : 0,
        processPercent:
          process !== undefined && processNow !== undefined && wall > 0
            ? Math.round(((processNow - process) * 100) / wall)
            : null,
      };
    },
  };
}
