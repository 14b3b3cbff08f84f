import { normalizeIP } from '@fastify/rate-limit';

/**
 * Open push connections per client address (SSE streams, plain WebSockets, Socket.IO connections): a
 * client past `max` is refused (429) before anything is set up, so one address cannot hold thousands of
 * long-lived connections of a gateway.
 */
export class ConnectionQuota {
  readonly #open = new Map<string, number>();
  /** Open connections by transport, for the `rcr_realtime_connections` gauge. */
  readonly #byTransport: Record<PushTransport, number> = { sse: 0, websocket: 0, socketio: 0 };

  constructor(readonly max: number) {}

  /** Whether `address` holds `max` connections already. */
  full(address: string | undefined): boolean {
    return (this.#open.get(clientKey(address)) ?? 0) >= this.max;
  }

  /**
   * Takes one connection for `address`, or undefined when its quota is full; the returned release is
   * idempotent (call it on close, however many close signals arrive).
   */
  take(address: string | undefined, transport: PushTransport): (() => void) | undefined {
    const key = clientKey(address);
    const count = this.#open.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.#open.set(key, count + 1);
    this.#byTransport[transport] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#byTransport[transport] -= 1;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left <= 0) this.#open.delete(key);
      else this.#open.set(key, left);
    };
  }

  /** Open connections of each transport (samples of the `rcr_realtime_connections` gauge). */
  openByTransport(): [{ transport: PushTransport }, number][] {
    return (Object.keys(this.#byTransport) as PushTransport[]).map((transport) => [
      { transport },
      this.#byTransport[transport],
    ]);
  }
}

/** How a push client is connected (SSE also carries GraphQL subscriptions over SSE; WebSocket, graphql-ws). */
export type PushTransport = 'sse' | 'websocket' | 'socketio';

function clientKey(address: string | undefined): string {
  return address ? normalizeIP(address) : 'unknown';
}
