import { AppError } from '@rcr/platform';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';

/** How the gateway's calls to one upstream are guarded (config UPSTREAM_*). */
export interface ResilienceOptions {
  /** Attempts of an idempotent call that fails UNAVAILABLE (1 = no retry). */
  retryAttempts: number;
  /** First retry's delay; later ones grow exponentially, with jitter. */
  retryBaseMs: number;
  /** Consecutive failed calls that open the breaker. */
  breakerFailures: number;
  /** How long an open breaker fails calls at once before a trial call. */
  halfOpenMs: number;
  /** Bulkhead: calls in flight at once, and calls waiting for a slot. */
  maxConcurrent: number;
  maxQueued: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  retryAttempts: 3,
  retryBaseMs: 50,
  breakerFailures: 5,
  halfOpenMs: 5000,
  maxConcurrent: 256,
  maxQueued: 1024,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A 503 that says when to come back (`Retry-After`, in seconds): an open circuit breaker (until its next
 * trial call) or a full bulkhead.
 */
export class RetryLaterError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('unavailable', code, message);
  }
}

/**
 * Writes whose service records the Idempotency-Key with the write and answers a repeat with the first
 * result (`idempotentWrite(ctx, …)` in the services' gRPC handlers): only these are retried, and only
 * when the call carries a key. Every other write may have taken effect before its answer was lost.
 */
export const DEDUPLICATED_WRITES: ReadonlySet<string> = new Set([
  'CreateEditor',
  'CreateCamera',
  'CreateReview',
  'CreateExport',
]);

/** Methods that change nothing (by their name, as every proto names them). */
const READ = /^(Get|List|Lookup|Compare|Stat|Read|Await|Verify|Watch)[A-Z]/;

/** Whether a call may be sent again after it failed: a read, or a write its service deduplicates by key. */
export function isIdempotentCall(method: string, hasIdempotencyKey: boolean): boolean {
  return READ.test(method) || (hasIdempotencyKey && DEDUPLICATED_WRITES.has(method));
}

/**
 * Whether an error means the call never reached a working upstream (gRPC UNAVAILABLE with no answer from
 * the service: connection refused or reset, no channel): the only failure retried.
 */
export function isUnreachable(err: unknown): boolean {
  return err instanceof AppError && err.code === 'UPSTREAM_UNAVAILABLE';
}

/**
 * Whether a failed call counts towards opening the breaker: the upstream could not be reached, or stayed
 * silent until the gateway's own deadline — not when the deadline was the caller's, shorter one (a
 * hurried client says nothing about the upstream), and not when the service answered, even with its own
 * 503 (e.g. `DATABASE_UNAVAILABLE`): that answer is already fast and says why.
 */
export function isUpstreamFailure(err: unknown, deadlineWasOwn: boolean): boolean {
  if (!(err instanceof AppError)) return false;
  return err.code === 'UPSTREAM_UNAVAILABLE' || (err.code === 'UPSTREAM_TIMEOUT' && deadlineWasOwn);
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** One call's attempt: gets the time left of its deadline (ms). */
export type Attempt<T> = (timeoutMs: number) => Promise<T>;

/**
 * The guard of one upstream (cockatiel): a bulkhead (calls in flight + queue), around a retry policy for
 * idempotent calls, around a circuit breaker that sees every attempt. Deadline: every attempt gets what
 * is left of the call's one deadline, so retries never make a call longer than a call without them.
 */
export class UpstreamGuard {
  readonly #breaker: CircuitBreakerPolicy;
  readonly #bulkhead: BulkheadPolicy;
  /** Errors the breaker counts (marked by the attempt, which knows whose deadline ran out). */
  readonly #counted = new WeakSet<object>();
  #openedAt = 0;

  constructor(
    readonly name: string,
    private readonly options: ResilienceOptions,
    onState: (state: BreakerState) => void,
  ) {
    this.#breaker = circuitBreaker(
      handleWhen((err) => this.#counted.has(err)),
      {
        halfOpenAfter: options.halfOpenMs,
        breaker: new ConsecutiveBreaker(options.breakerFailures),
      },
    );
    this.#breaker.onBreak(() => (this.#openedAt = Date.now()));
    this.#breaker.onStateChange((state) => onState(STATES[state]));
    this.#bulkhead = bulkhead(options.maxConcurrent, options.maxQueued);
  }

  /** The breaker's state (open until a call after `halfOpenMs` makes the trial: half-open while it runs). */
  get state(): BreakerState {
    return STATES[this.#breaker.state];
  }

  /**
   * Runs `attempt` within `budgetMs`; `idempotent` calls are tried again (backoff with jitter) while they
   * fail unreachable and time is left. `deadlineWasOwn`: the budget is the gateway's own bound, not a
   * shorter caller's deadline.
   */
  async run<T>(
    attempt: Attempt<T>,
    budget: { ms: number; idempotent: boolean; deadlineWasOwn: boolean },
  ): Promise<T> {
    const end = Date.now() + budget.ms;
    const guarded = () =>
      this.#breaker.execute(async () => {
        const left = end - Date.now();
        if (left <= 0)
          throw new AppError('timeout', 'UPSTREAM_TIMEOUT', 'a back-end service did not answer in time');
        try {
          return await attempt(left);
        } catch (err) {
          if (isUpstreamFailure(err, budget.deadlineWasOwn) && typeof err === 'object' && err !== null)
            this.#counted.add(err);
          throw err;
        }
      });
    const maxDelay = this.options.retryBaseMs * 8;
    const withRetry =
      budget.idempotent && this.options.retryAttempts > 1
        ? () =>
            retry(
              // Only when another attempt still has time: a retry never outlives the call's deadline.
              handleWhen((err) => isUnreachable(err) && end - Date.now() > 2 * maxDelay),
              {
                maxAttempts: this.options.retryAttempts - 1,
                backoff: new ExponentialBackoff({ initialDelay: this.options.retryBaseMs, maxDelay }),
              },
            ).execute(guarded)
        : guarded;
    try {
      return await this.#bulkhead.execute(withRetry);
    } catch (err) {
      throw this.#translate(err);
    }
  }

  /** Fails at once with a RetryLaterError while the breaker is open (for streams, which it does not wrap). */
  checkOpen(): void {
    if (this.#breaker.state === CircuitState.Open && this.#retryAfterMs() > 0)
      throw this.#translate(new BrokenCircuitError());
  }

  #retryAfterMs(): number {
    return this.#openedAt + this.options.halfOpenMs - Date.now();
  }

  #translate(err: unknown): unknown {
    if (err instanceof BrokenCircuitError)
      return new RetryLaterError(
        'UPSTREAM_CIRCUIT_OPEN',
        `the ${this.name} service is failing; calls to it are paused`,
        Math.max(1, Math.ceil(this.#retryAfterMs() / 1000)),
      );
    if (err instanceof BulkheadRejectedError)
      return new RetryLaterError(
        'UPSTREAM_BUSY',
        `too many calls to the ${this.name} service are waiting`,
        1,
      );
    return err;
  }
}
