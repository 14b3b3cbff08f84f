import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../store/job-repository.ts';
import { decideRun, retryDelay } from './decide-run.ts';

const job = (status: JobRecord['status'], attempts: number, error: string | null = null): JobRecord => ({
  id: 'j',
  kind: 'export',
  ownerId: 'o',
  params: { format: 'csv', filter: {} },
  status,
  progress: 0,
  attempts,
  error,
  result: null,
  createdAt: '',
  updatedAt: '',
});

describe('decideRun', () => {
  it('when a job is queued, then a run starts as the next attempt', () => {
    expect(decideRun(job('queued', 0), 3)).toEqual({ action: 'run', attempt: 1 });
  });

  it('when a running job is delivered again (its worker died), then a new run takes it over', () => {
    expect(decideRun(job('running', 1), 3)).toEqual({ action: 'run', attempt: 2 });
  });

  it('when a job is finished, then it is never run again', () => {
    expect(decideRun(job('succeeded', 1), 3)).toEqual({ action: 'skip', reason: 'finished' });
    expect(decideRun(job('failed', 3), 3)).toEqual({ action: 'skip', reason: 'finished' });
    expect(decideRun(undefined, 3)).toEqual({ action: 'skip', reason: 'missing' });
  });

  it('when its attempts are spent, then it fails for good with the last reason', () => {
    expect(decideRun(job('running', 3), 3)).toEqual({
      action: 'give-up',
      error: 'gave up after 3 attempts: the worker stopped during the run',
    });
    expect(decideRun(job('queued', 2, 'boom'), 2)).toMatchObject({ error: 'gave up after 2 attempts: boom' });
  });
});

describe('retryDelay', () => {
  it('when runs keep failing, then the wait doubles and is capped', () => {
    expect([1, 2, 3].map((n) => retryDelay(1000, n))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(60_000, 10)).toBe(300_000);
  });
});
