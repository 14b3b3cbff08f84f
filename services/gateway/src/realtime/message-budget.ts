/** What a connection's next message gets: handled, refused with an answer, or the connection closed. */
export type BudgetVerdict = 'ok' | 'refused' | 'exhausted';

/**
 * Messages one push connection (Socket.IO, plain WebSocket) may send: a token bucket of `burst` messages
 * refilled at `perSecond`. A message past the budget is refused (answered with an error, not handled);
 * a client that keeps sending anyway — another `burst` of refused messages without a pause that lets the
 * bucket refill — is `exhausted` and its connection is closed, so a flood costs the gateway neither CPU
 * nor the memory of queued answers. Time is passed in (milliseconds), so the arithmetic is testable.
 */
export class MessageBudget {
  #tokens: number;
  #at: number;
  #refused = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#at = now;
  }

  take(now: number): BudgetVerdict {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#refused = 0;
      return 'ok';
    }
    this.#refused += 1;
    return this.#refused > this.burst ? 'exhausted' : 'refused';
  }
}

/** The budget of every push connection: `perSecond` sustained, bursts of five seconds' worth. */
export function pushMessageBudget(perSecond: number): MessageBudget {
  return new MessageBudget(perSecond, perSecond * 5, performance.now());
}
