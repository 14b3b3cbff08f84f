import { EVENT_VERSION, parseEvent, type EventData, type EventType, type RcrEvent } from '@rcr/contracts';
import type { EventBus } from './bus/port.ts';
import type { Database, Queryable } from './db/port.ts';
import { newId } from './ids.ts';
import type { Logger } from './logger.ts';

/** Builds a catalog event with a fresh UUIDv7 id. */
export function newEvent<T extends EventType>(
  source: string,
  type: T,
  subject: string,
  data: EventData<T>,
  traceparent?: string,
): RcrEvent<T> {
  return {
    id: newId(),
    type,
    version: EVENT_VERSION,
    occurredAt: new Date().toISOString(),
    source,
    subject,
    ...(traceparent ? { traceparent } : {}),
    data,
  };
}

/** Adds events to a transaction; they reach the bus only if the transaction commits. */
export type Emit = (event: RcrEvent) => Promise<void>;

/**
 * The transactional outbox of one service: `transaction(fn)` runs a state change and records the events
 * it emits in the same database transaction, then wakes the relay, which publishes pending rows in order
 * and marks them sent. A crash between publish and mark only causes a re-publish, which the bus
 * de-duplicates by event id and the consumers' inbox absorbs.
 */
export class Outbox {
  #running = false;
  #wake: (() => void) | undefined;
  #dirty = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  /** Runs `fn` in a transaction with an `emit` that writes outbox rows in it. */
  async transaction<T>(fn: (tx: Queryable, emit: Emit) => Promise<T>): Promise<T> {
    const result = await this.db.transaction((tx) =>
      fn(tx, async (event) => {
        const valid = parseEvent(event);
        await tx.query('INSERT INTO outbox (id, type, event) VALUES ($1, $2, $3)', [
          valid.id,
          valid.type,
          JSON.stringify(valid),
        ]);
      }),
    );
    this.#signal();
    return result;
  }

  /** Starts relaying: at once, on every commit, and every `pollMs` as a safety net. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#signal();
    await this.#loop;
  }

  /** Publishes every pending row once; returns how many were sent. */
  async relayPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await this.db.query<{ seq: number; event: RcrEvent | string }>(
        'SELECT seq, event FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 100',
      );
      if (rows.length === 0) return sent;
      for (const row of rows) {
        const event = typeof row.event === 'string' ? (JSON.parse(row.event) as RcrEvent) : row.event;
        await this.bus.publish(event);
        await this.db.query('UPDATE outbox SET published_at = now() WHERE seq = $1', [row.seq]);
        sent += 1;
      }
    }
  }

  #signal() {
    this.#dirty = true;
    this.#wake?.();
  }

  async #run() {
    let failures = 0;
    while (this.#running) {
      this.#dirty = false;
      try {
        await this.relayPending();
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          this.log.warn({ err: (err as Error).message, failures }, 'outbox relay failed; will retry');
        }
      }
      if (!this.#running) break;
      if (this.#dirty && failures === 0) continue;
      await new Promise<void>((resolve) => {
        const delay = failures > 0 ? Math.min(5000, 100 * 2 ** Math.min(failures, 6)) : this.pollMs;
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

/**
 * Applies an event's effect at most once for a consumer: the event id goes into the inbox in the same
 * transaction as the effect. Returns false when the event had already been applied (a redelivery).
 */
export async function applyOnce(
  db: Database,
  consumer: string,
  event: RcrEvent,
  effect: (tx: Queryable) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [consumer, event.id],
    );
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}
