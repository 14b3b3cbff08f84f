import { AppError } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import {
  isIdempotentCall,
  RetryLaterError,
  UpstreamGuard,
  type BreakerState,
  type ResilienceOptions,
} from './policies.ts';

const OPTIONS: ResilienceOptions = {
  retryAttempts: 3,
  retryBaseMs: 1,
  breakerFailures: 3,
  halfOpenMs: 150,
  maxConcurrent: 10,
  maxQueued: 10,
};
const unreachable = () => new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', 'down');
const deadline = () => new AppError('timeout', 'UPSTREAM_TIMEOUT', 'slow');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A guard, the attempts it made, and the breaker states it announced. */
function guarded(options: Partial<ResilienceOptions> = {}) {
  const states: BreakerState[] = [];
  const guard = new UpstreamGuard('content', { ...OPTIONS, ...options }, (state) => states.push(state));
  let attempts = 0;
  /** Runs one call whose attempts fail with `failures` in turn, then answer 'ok'. */
  const call = (failures: (() => Error)[], idempotent: boolean, deadlineWasOwn = true) => {
    let attempt = 0;
    return guard.run(
      async () => {
        attempts++;
        const failure = failures[attempt++];
        if (failure) throw failure();
        return 'ok';
      },
      { ms: 1000, idempotent, deadlineWasOwn },
    );
  };
  return { guard, states, call, attempts: () => attempts, reset: () => (attempts = 0) };
}

describe('which calls are idempotent (may be retried)', () => {
  it.each([
    ['GetContentJson', false],
    ['ListContentJson', false],
    ['AwaitVersions', false],
    ['LookupReviews', false],
    ['CreateReview', true],
    ['CreateCamera', true],
    ['CreateEditor', true],
    ['CreateExport', true],
  ])('when %s is called (with Idempotency-Key: %s), then it may be retried', (method, key) => {
    expect(isIdempotentCall(method, key)).toBe(true);
  });

  it.each([
    // Writes with a key that their services do not record: a retry could apply them twice.
    ['UpdateReview', true],
    ['PublishReview', true],
    ['DeleteReview', true],
    ['PutCamera', true],
    ['Refresh', true],
    // Deduplicated writes without a key: nothing tells the service it is a repeat.
    ['CreateReview', false],
    ['CreateEditor', false],
    ['Login', false],
  ])('when %s is called (with Idempotency-Key: %s), then it is never retried', (method, key) => {
    expect(isIdempotentCall(method, key)).toBe(false);
  });
});

describe('UpstreamGuard (cockatiel: bulkhead → retry → circuit breaker)', () => {
  it('when an idempotent call fails UNAVAILABLE, then it is tried again with backoff and succeeds', async () => {
    const g = guarded();
    await expect(g.call([unreachable, unreachable], true)).resolves.toBe('ok');
    expect(g.attempts()).toBe(3);
  });

  it('when an idempotent call keeps failing UNAVAILABLE, then it gives up after UPSTREAM_RETRY_ATTEMPTS', async () => {
    const g = guarded({ breakerFailures: 100 });
    await expect(g.call([unreachable, unreachable, unreachable, unreachable], true)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(g.attempts()).toBe(3);
  });

  it('when a non-idempotent call fails UNAVAILABLE, then it is not tried again', async () => {
    const g = guarded();
    await expect(g.call([unreachable], false)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(g.attempts()).toBe(1);
  });

  it('when an idempotent call fails on its deadline or with an answer (not found), then it is not tried again', async () => {
    const g = guarded();
    await expect(g.call([deadline], true)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(g.attempts()).toBe(1);
    g.reset();
    const notFound = () => new AppError('not-found', 'REVIEW_NOT_FOUND', 'no such review');
    await expect(g.call([notFound], true)).rejects.toMatchObject({ code: 'REVIEW_NOT_FOUND' });
    expect(g.attempts()).toBe(1);
  });

  it('when retries would outlive the deadline, then the call stops at its deadline', async () => {
    const guard = new UpstreamGuard('content', { ...OPTIONS, retryAttempts: 10, retryBaseMs: 20 }, () => {});
    const given: number[] = [];
    const started = Date.now();
    await expect(
      guard.run(
        async (timeoutMs) => {
          given.push(timeoutMs);
          throw unreachable();
        },
        { ms: 200, idempotent: true, deadlineWasOwn: true },
      ),
    ).rejects.toBeInstanceOf(AppError);
    expect(Date.now() - started).toBeLessThan(400);
    // Every attempt gets what is left of the one deadline.
    expect(given[0]).toBeLessThanOrEqual(200);
    for (let i = 1; i < given.length; i++) expect(given[i]).toBeLessThan(given[i - 1]!);
  });

  it('when calls fail in a row, then the breaker opens, fails calls at once with Retry-After, half-opens and closes on a success', async () => {
    const g = guarded();
    for (let i = 0; i < 3; i++) await g.call([deadline], false).catch(() => undefined);
    expect(g.guard.state).toBe('open');
    g.reset();
    const failed = await g.call([], false).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(RetryLaterError);
    expect(failed).toMatchObject({
      kind: 'unavailable',
      code: 'UPSTREAM_CIRCUIT_OPEN',
      retryAfterSeconds: 1,
    });
    expect(g.attempts()).toBe(0); // failed fast: the upstream was not called
    await sleep(OPTIONS.halfOpenMs + 20);
    await expect(g.call([], false)).resolves.toBe('ok');
    expect(g.guard.state).toBe('closed');
    expect(g.states).toEqual(['open', 'half-open', 'closed']);
  });

  it('when the half-open trial fails, then the breaker opens again', async () => {
    const g = guarded();
    for (let i = 0; i < 3; i++) await g.call([unreachable], false).catch(() => undefined);
    await sleep(OPTIONS.halfOpenMs + 20);
    g.reset();
    await expect(g.call([unreachable], false)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(g.guard.state).toBe('open');
  });

  it('when calls time out on the caller’s own shorter deadline, then the breaker stays closed', async () => {
    const g = guarded();
    for (let i = 0; i < 5; i++) await g.call([deadline], true, false).catch(() => undefined);
    expect(g.guard.state).toBe('closed');
  });

  it.each([
    ['invalid', 'VALIDATION_FAILED'],
    ['not-found', 'REVIEW_NOT_FOUND'],
    // The service answered, at once, with its own reason: nothing to gain by not asking it.
    ['unavailable', 'DATABASE_UNAVAILABLE'],
  ] as const)('when calls fail with an answer (%s %s), then the breaker stays closed', async (kind, code) => {
    const g = guarded();
    const answered = () => new AppError(kind, code, 'answered');
    for (let i = 0; i < 5; i++) await g.call([answered], true).catch(() => undefined);
    expect(g.guard.state).toBe('closed');
  });

  it('when more calls come than the bulkhead holds and queues, then the extra ones fail at once with UPSTREAM_BUSY', async () => {
    const guard = new UpstreamGuard('content', { ...OPTIONS, maxConcurrent: 1, maxQueued: 1 }, () => {});
    const slow = () =>
      guard.run(() => sleep(100).then(() => 'ok'), { ms: 1000, idempotent: true, deadlineWasOwn: true });
    const results = await Promise.allSettled([slow(), slow(), slow()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'UPSTREAM_BUSY',
      retryAfterSeconds: 1,
    });
  });
});
