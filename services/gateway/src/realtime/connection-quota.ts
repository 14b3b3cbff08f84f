import { normalizeIP } from '@fastify/rate-limit';

/**
 * Open push connections per client address (SSE streams, plain WebSockets, Socket.IO connections): a
 * client past `max` is refused (429) before anything is set up, so one address cannot hold thousands of
 * long-lived connections of a gateway.
 */
export class ConnectionQuota {
  readonly #open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Whether `address` holds `max` connections already. */
  full(address: string | undefined): boolean {
    return (this.#open.get(clientKey(address)) ?? 0) >= this.max;
  }

  /**
   * Takes one connection for `address`, or undefined when its quota is full; the returned release is
   * idempotent (call it on close, however many close signals arrive).
   */
  take(address: string | undefined): (() => void) | undefined {
    const key = clientKey(address);
    const count = this.#open.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.#open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left <= 0) this.#open.delete(key);
      else this.#open.set(key, left);
    };
  }
}

function clientKey(address: string | undefined): string {
  return address ? normalizeIP(address) : 'unknown';
}
