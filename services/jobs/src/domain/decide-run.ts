import type { JobRecord } from '../store/job-repository.ts';

/** What a worker does with a job it was handed. */
export type RunDecision =
  | { action: 'skip'; reason: 'missing' | 'finished' }
  | { action: 'give-up'; error: string }
  | { action: 'run'; attempt: number };

/**
 * Decides, inside the transaction that locks the job row, whether a delivery of it starts a run. A
 * finished job is never run again (a redelivered message after the result was stored, or a duplicate
 * request); a job whose attempts are spent — its last run died without recording an outcome — fails for
 * good; otherwise a run starts as attempt `attempts + 1`, which also takes the job over from a run
 * presumed dead (that run's later writes are refused, their attempt no longer being the job's).
 */
export function decideRun(job: JobRecord | undefined, maxAttempts: number): RunDecision {
  if (!job) return { action: 'skip', reason: 'missing' };
  if (job.status === 'succeeded' || job.status === 'failed') return { action: 'skip', reason: 'finished' };
  if (job.attempts >= maxAttempts) {
    const last = job.error ?? 'the worker stopped during the run';
    return { action: 'give-up', error: `gave up after ${job.attempts} attempts: ${last}` };
  }
  return { action: 'run', attempt: job.attempts + 1 };
}

/** Wait before run `attempt + 1` after run `attempt` failed: `baseMs`, doubled each time, at most 5 min. */
export function retryDelay(baseMs: number, attempt: number): number {
  return Math.min(5 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
