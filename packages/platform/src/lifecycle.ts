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

/**
 * The started parts of a process, stopped in reverse order: a part that started later (gRPC server,
 * subscriptions) stops before the parts it depends on (outbox relay, bus, database). Used both to stop a
 * running service and to clean up after a start that failed half-way. `stop()` runs once; a failing step
 * is logged and the others still run.
 */
export class Lifecycle {
  readonly #steps: { label: string; stop: () => Promise<void> }[] = [];
  #stopping: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  /** Registers how to undo a step that just started. */
  add(label: string, stop: () => Promise<void>): void {
    this.#steps.push({ label, stop });
  }

  /** Runs `start`, then registers `stop` for what it returned; if `start` throws, nothing is registered. */
  async step<T>(label: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
    const value = await start();
    this.add(label, () => stop(value));
    return value;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const { label, stop } of this.#steps.reverse()) {
        await stop().catch((err: unknown) => this.log.warn({ err, step: label }, 'error while stopping'));
      }
    })();
    return this.#stopping;
  }
}

/** A started back-end service, as returned by each service's `start…Service` function. */
export interface RunningService {
  readonly name: string;
  /** `host:port` of its gRPC server. */
  readonly address: string;
  /** Graceful stop: gRPC server (drains calls), subscriptions, outbox relay (flushes), bus, database. */
  stop(): Promise<void>;
}
