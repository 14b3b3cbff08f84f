import type { Logger } from './logger.ts';

/** Stops the process cleanly on SIGTERM/SIGINT: runs `stop` once, then exits (forced after `graceMs`). */
export function stopOnSignals(stop: () => Promise<void>, log: Logger, graceMs = 10_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), graceMs);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/** A started back-end service, as returned by each service's `start…Service` function. */
export interface RunningService {
  readonly name: string;
  /** `host:port` of its gRPC server. */
  readonly address: string;
  /** Graceful stop: gRPC server, bus subscriptions, outbox relay, database — in that order. */
  stop(): Promise<void>;
}
