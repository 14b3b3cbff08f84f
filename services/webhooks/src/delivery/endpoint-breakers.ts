import type * as Cockatiel from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';

// One circuit breaker per endpoint (cockatiel), so a receiver that keeps failing stops taking attempts
// (and worker slots) while the others go on: after `failures` failed attempts in a row its circuit opens,
// and after `halfOpenMs` one trial attempt decides whether it closes again. cockatiel is loaded with the
// first attempt.

let library: Promise<typeof Cockatiel> | undefined;

/** What running an attempt through an endpoint's breaker gave: its result, or nothing when the circuit is open. */
export type BreakerRun<T> = { ran: true; result: T } | { ran: false };

/** The circuit breakers of this process's endpoints. */
export class EndpointBreakers {
  readonly #breakers = new Map<string, { policy: CircuitBreakerPolicy; openUntil: number }>();

  constructor(
    private readonly failures: number,
    private readonly halfOpenMs: number,
  ) {}

  /**
   * Runs one attempt through the endpoint's breaker; `failed` tells whether it counts as a failure. When
   * the circuit is open (or its one half-open trial is under way), nothing runs.
   */
  async run<T>(
    endpointId: string,
    attempt: () => Promise<T>,
    failed: (result: T) => boolean,
  ): Promise<BreakerRun<T>> {
    const { policy } = await this.#breakerOf(endpointId);
    try {
      const result = await policy.execute(async () => {
        const outcome = await attempt();
        // cockatiel counts a result as a failure when its policy's predicate says so (handleWhenResult).
        return { outcome, failed: failed(outcome) };
      });
      return { ran: true, result: result.outcome };
    } catch (err) {
      if ((err as { isBrokenCircuitError?: boolean }).isBrokenCircuitError) return { ran: false };
      throw err;
    }
  }

  /** Endpoints whose circuit is open and not yet due for a trial: their deliveries are not claimed. */
  open(now = Date.now()): string[] {
    return [...this.#breakers].filter(([, breaker]) => breaker.openUntil > now).map(([id]) => id);
  }

  async #breakerOf(endpointId: string) {
    const known = this.#breakers.get(endpointId);
    if (known) return known;
    const { circuitBreaker, ConsecutiveBreaker, handleWhenResult } = await (library ??= import('cockatiel'));
    const again = this.#breakers.get(endpointId);
    if (again) return again;
    const policy = circuitBreaker(
      handleWhenResult((result) => (result as { failed?: boolean }).failed === true),
      { halfOpenAfter: this.halfOpenMs, breaker: new ConsecutiveBreaker(this.failures) },
    );
    const breaker = { policy, openUntil: 0 };
    policy.onBreak(() => (breaker.openUntil = Date.now() + this.halfOpenMs));
    policy.onReset(() => (breaker.openUntil = 0));
    this.#breakers.set(endpointId, breaker);
    return breaker;
  }
}
