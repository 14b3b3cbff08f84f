import type { RcrEvent } from '@rcr/contracts';
import type { EventBus } from '@rcr/platform';

/** One event handed to the bus: its id and when (epoch ms, sub-millisecond) the publish call started. */
export interface Sent {
  id: string;
  at: number;
}

/** Wall-clock time in epoch milliseconds with sub-millisecond precision (comparable with PostgreSQL's now()). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** What a burst took: the sends and when the last one was acknowledged by the bus. */
export interface Burst {
  sent: Sent[];
  startedAt: number;
  finishedAt: number;
}

/** Publishes `events` as fast as the bus takes them, `concurrency` publishes outstanding at a time. */
export async function publishBurst(
  bus: EventBus,
  events: readonly RcrEvent[],
  concurrency = 64,
): Promise<Burst> {
  const sent: Sent[] = new Array<Sent>(events.length);
  let next = 0;
  const startedAt = nowMs();
  const worker = async () => {
    while (next < events.length) {
      const i = next++;
      const event = events[i] as RcrEvent;
      sent[i] = { id: event.id, at: nowMs() };
      await bus.publish(event);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, events.length) }, worker));
  return { sent, startedAt, finishedAt: nowMs() };
}

/**
 * Publishes a steady stream — `rate` events per second, made by `next` — until stopped, whatever the
 * consumers are doing (the bus keeps the events while they are down).
 */
export class PacedPublisher {
  readonly #sent: Sent[] = [];
  readonly #pending = new Set<Promise<void>>();
  #failure: unknown;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly rate: number,
    private readonly next: () => RcrEvent,
  ) {}

  /** Events sent so far. */
  get count(): number {
    return this.#sent.length;
  }

  /** The events whose publish started before `at` (epoch ms). */
  sentBefore(at: number): Sent[] {
    return this.#sent.filter((s) => s.at < at);
  }

  start(): void {
    const startedAt = nowMs();
    this.#loop = (async () => {
      while (!this.#stopped) {
        if (this.#failure) throw this.#failure;
        const due = Math.floor(((nowMs() - startedAt) * this.rate) / 1000);
        while (this.#sent.length < due && !this.#stopped) {
          const event = this.next();
          this.#sent.push({ id: event.id, at: nowMs() });
          const publish = this.bus.publish(event).catch((err: unknown) => {
            this.#failure ??= err;
          });
          this.#pending.add(publish);
          void publish.finally(() => this.#pending.delete(publish));
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
  }

  /** Stops sending, waits for the bus to acknowledge what was sent; returns every send. */
  async stop(): Promise<Sent[]> {
    this.#stopped = true;
    await this.#loop;
    await Promise.all(this.#pending);
    if (this.#failure) throw this.#failure;
    return [...this.#sent];
  }
}
