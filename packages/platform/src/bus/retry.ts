import { InvalidEventError } from '@rcr/contracts';
import { AppError, isConnectionError } from '../errors.ts';

/**
 * How a failed handler is treated:
 * - `transient`: a dependency is unavailable (database, upstream, bus, a timeout) — the event is fine; the
 *   member pauses and probes until the dependency answers, however long that takes, and never dead-letters.
 * - `permanent`: the handler failed for another reason — retried on the retry schedule, then dead-lettered.
 * - `poison`: the event itself is invalid — dead-lettered at once.
 */
export type FailureKind = 'transient' | 'permanent' | 'poison';

/** Classifies a handler's error (see FailureKind). */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof InvalidEventError) return 'poison';
  if (err instanceof AppError)
    return err.kind === 'unavailable' || err.kind === 'timeout' ? 'transient' : 'permanent';
  return isConnectionError(err) ? 'transient' : 'permanent';
}

/** A delay with ±20 % jitter, so members retrying after the same outage do not all hit at once. */
export function jittered(ms: number): number {
  return Math.max(0, Math.round(ms * (0.8 + Math.random() * 0.4)));
}

/** The wait before probe number `n` (1-based) of a paused member: exponential from 100 ms, capped. */
export function probeDelay(n: number, maxMs: number): number {
  return jittered(Math.min(maxMs, 100 * 2 ** Math.max(0, n - 1)));
}

/** A sleep that `cancel()` ends early (resolving false); resolves true when it ran its course. */
export function cancellableSleep(ms: number): { done: Promise<boolean>; cancel(): void } {
  let cancel: () => void = () => undefined;
  const done = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    cancel = () => {
      clearTimeout(timer);
      resolve(false);
    };
  });
  return { done, cancel };
}
