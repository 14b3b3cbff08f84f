import { createHash } from 'node:crypto';
import { insertJobOnce, type JobRecord } from '../store/job-repository.ts';
import type { JobsDeps } from './deps.ts';
import { jobRequested } from './queue-job.ts';

/** The owner of the jobs the service queues itself (the nil uuid: no user has it). */
export const SYSTEM_OWNER = '00000000-0000-0000-0000-000000000000';

/** What the backup schedule is: one backup per `intervalMs`, the newest `keep` kept. */
export interface BackupSchedule {
  intervalMs: number;
  keep: number;
}

/**
 * The slot `nowMs` falls in: its start, a multiple of the interval since the Unix epoch, so every jobs
 * process (whatever its start time) agrees on the slots.
 */
export function backupSlot(nowMs: number, intervalMs: number): number {
  return Math.floor(nowMs / intervalMs) * intervalMs;
}

/**
 * The id of the backup job of a slot (a uuid made from the interval and the slot's start): the same in
 * every jobs process, so replicas, restarts and retries queue one backup per slot.
 */
export function backupJobId(slotStartMs: number, intervalMs: number): string {
  const hex = createHash('sha256').update(`rcr backup ${intervalMs} ${slotStartMs}`).digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Queues the backup of the slot `nowMs` falls in, unless it is queued already (by this process before a
 * restart, or by another replica): the job row and its `job.requested` commit together. Returns the job
 * when this call queued it. A slot missed while no jobs process ran is not made up for: the next slot's
 * backup holds everything.
 */
export async function scheduleBackup(
  deps: Pick<JobsDeps, 'outbox'>,
  nowMs: number,
  schedule: BackupSchedule,
): Promise<JobRecord | undefined> {
  const slot = backupSlot(nowMs, schedule.intervalMs);
  return deps.outbox.transaction(async (tx, emit) => {
    const queued = await insertJobOnce(tx, {
      id: backupJobId(slot, schedule.intervalMs),
      ownerId: SYSTEM_OWNER,
      kind: 'backup',
      params: { slot: new Date(slot).toISOString(), keep: schedule.keep },
    });
    if (queued) await emit(jobRequested(queued));
    return queued;
  });
}
