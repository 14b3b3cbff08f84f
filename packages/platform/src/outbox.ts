import { EVENT_VERSION, parseEvent, type EventData, type EventType, type RcrEvent } from '@rcr/contracts';
import { actingFor, currentActor } from './acting-for.ts';
import type { EventBus } from './bus/port.ts';
import { withCreationContext } from './bus/trace.ts';
import type { Database, Queryable } from './db/port.ts';
import { prepared } from './db/prepared.ts';
import { AppError } from './errors.ts';
import { NO_FAULTS, type Faults } from './faults.ts';
import { newId } from './ids.ts';
import type { Logger } from './logger.ts';
import { traced } from './tracing.ts';

// The outbox's and the inbox's statements run on every write and every consumed event: prepared once
// per connection (ADR 0036).
const INSERT_OUTBOX = prepared('INSERT INTO outbox (id, type, event) VALUES ($1, $2, $3)');
const CLAIM_KEY = prepared(
  `INSERT INTO idempotency_keys (scope, key, fingerprint, operation) VALUES ($1, $2, $3, $4)
   ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
);
const FIND_KEY = prepared(
  'SELECT fingerprint, operation, result FROM idempotency_keys WHERE scope = $1 AND key = $2',
);
const STORE_KEY_RESULT = prepared('UPDATE idempotency_keys SET result = $3 WHERE scope = $1 AND key = $2');
const CLAIM_BATCH = prepared(
  `UPDATE outbox SET claimed_until = now() + $1 * interval '1 millisecond'
   WHERE seq IN (
     SELECT seq FROM outbox
     WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
     ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
   RETURNING seq, event`,
);
const MARK_BATCH = prepared(
  `UPDATE outbox SET published_at = CASE WHEN seq = ANY($1::bigint[]) THEN now() END, claimed_until = NULL
   WHERE seq = ANY($2::bigint[])`,
);
// The inbox row and, for a first delivery, the ledger row in one statement (one round trip); both commit
// or roll back with the effect.
const CLAIM_EVENT = prepared(
  `WITH claimed AS (
     INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)
     ON CONFLICT (consumer, event_id) DO UPDATE SET duplicates = inbox.duplicates + 1
     RETURNING duplicates
   ), ledger AS (
     INSERT INTO applied_events (consumer, event_id, event_type, subject)
     SELECT $1, $2, $3, $4 FROM claimed WHERE duplicates = 0
   )
   SELECT duplicates FROM claimed`,
);

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

/** An Idempotency-Key claimed by a write: who asked, the key (hashed), the request's fingerprint and the operation. */
export interface IdempotentWrite {
  scope: string;
  key: string;
  fingerprint: string;
  operation: string;
}

/** The claim of a call's Idempotency-Key for one operation, or undefined when the call carried none. */
export function idempotentWrite(
  ctx: { actor?: { id: string } | undefined; idempotency?: { key: string; fingerprint: string } | undefined },
  operation: string,
): IdempotentWrite | undefined {
  if (!ctx.idempotency) return undefined;
  return { scope: ctx.actor?.id ?? 'anonymous', ...ctx.idempotency, operation };
}

/** Tuning of an outbox relay. */
export interface OutboxOptions {
  /** Safety-net poll interval when no commit wakes the relay (default 1 s). */
  pollMs?: number;
  /** How long a relay's claim on a batch lasts: a relay that dies frees its rows after this (default 10 s). */
  claimMs?: number;
  /** Rows claimed and published per round (default 100). */
  batchSize?: number;
}

/**
 * The transactional outbox of one service: `transaction(fn)` runs a state change and records the events
 * it emits in the same database transaction, then wakes the relay, which publishes pending rows in order
 * and marks them sent. Several replicas of a service share one outbox: each round a relay claims a batch
 * (`FOR UPDATE SKIP LOCKED` plus a short lease), so no row is published by two relays at once. A crash
 * between publish and mark only causes a re-publish after the lease, which the bus de-duplicates by event
 * id and the consumers' inbox absorbs.
 */
export class Outbox {
  #running = false;
  #wake: (() => void) | undefined;
  #dirty = false;
  #loop: Promise<void> | undefined;
  readonly #pollMs: number;
  readonly #claimMs: number;
  readonly #batchSize: number;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    options: OutboxOptions = {},
  ) {
    this.#pollMs = options.pollMs ?? 1000;
    this.#claimMs = options.claimMs ?? 10_000;
    this.#batchSize = options.batchSize ?? 100;
  }

  /**
   * Runs `fn` in a transaction with an `emit` that writes outbox rows in it. With `idempotency`, the key
   * is recorded in the same transaction and `fn`'s result stored with it: a second call with the same key
   * (a retry) returns that result without running `fn` — after waiting for the first to commit when it
   * is still running — and one with the same key but another fingerprint is refused (422). Every event
   * emitted records in `actor` whom the change was made for (the call's caller, see acting-for.ts),
   * unless it names one itself.
   */
  async transaction<T>(
    fn: (tx: Queryable, emit: Emit) => Promise<T>,
    options: { idempotency?: IdempotentWrite | undefined } = {},
  ): Promise<T> {
    const claim = options.idempotency;
    // Only a commit that recorded events wakes the relay (a projection that emits nothing costs no round).
    let emitted = false;
    const result = await traced('outbox transaction', { onlyInTrace: true }, () =>
      this.db.transaction(async (tx) => {
        emitted = false; // a retried transaction starts over
        const emit: Emit = async (event) => {
          emitted = true;
          // Who the change was made for, unless the event says so itself (see acting-for.ts); the trace
          // it was made in (its creation context, stored with the row for the relay to continue).
          const valid = parseEvent(
            await withCreationContext(
              event.actor === undefined ? { ...event, actor: currentActor() } : event,
            ),
          );
          await tx.query(INSERT_OUTBOX, [valid.id, valid.type, JSON.stringify(valid)]);
        };
        if (!claim) return { value: await fn(tx, emit), replayed: false };
        // The insert waits for a concurrent transaction holding the same key, then finds its row.
        const inserted = await tx.query(CLAIM_KEY, [
          claim.scope,
          claim.key,
          claim.fingerprint,
          claim.operation,
        ]);
        if (inserted.length === 0) {
          const [first] = await tx.query<{ fingerprint: string; operation: string; result: T | null }>(
            FIND_KEY,
            [claim.scope, claim.key],
          );
          if (!first || first.fingerprint !== claim.fingerprint || first.operation !== claim.operation) {
            throw new AppError(
              'unprocessable',
              'IDEMPOTENCY_KEY_REUSED',
              'this Idempotency-Key was used with a different request',
            );
          }
          return { value: first.result as T, replayed: true };
        }
        const value = await fn(tx, emit);
        await tx.query(STORE_KEY_RESULT, [claim.scope, claim.key, JSON.stringify(value ?? null)]);
        return { value, replayed: false };
      }),
    );
    if (emitted && !result.replayed) this.#signal();
    return result.value;
  }

  /** Starts relaying: at once, on every commit, and every `pollMs` as a safety net. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops the relay, then flushes what is pending once (bounded by `flushMs`) so a clean stop leaves no backlog. */
  async stop(flushMs = 2000): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#signal();
    await this.#loop;
    await Promise.race([
      this.relayPending().catch(() => 0),
      new Promise((resolve) => setTimeout(resolve, flushMs).unref()),
    ]);
  }

  /** Rows not yet published (the relay's backlog; the `rcr_outbox_backlog` gauge). */
  async backlog(): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Publishes every pending row this relay can claim; returns how many it sent. With `untilEmpty: false`
   * (the running relay) a batch smaller than `batchSize` ends the round without one more claim that would
   * find nothing: a row committed after that claim read the table is not lost, since its commit wakes the
   * relay (`#dirty`) after the claim began, and the loop runs another round.
   */
  async relayPending(options: { untilEmpty?: boolean } = {}): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await this.db.query<{ seq: number; event: RcrEvent | string }>(CLAIM_BATCH, [
        this.#claimMs,
        this.#batchSize,
      ]);
      if (rows.length === 0) return sent;
      rows.sort((a, b) => a.seq - b.seq);
      const published: number[] = [];
      try {
        for (const row of rows) {
          await this.bus.publish(
            typeof row.event === 'string' ? (JSON.parse(row.event) as RcrEvent) : row.event,
          );
          published.push(row.seq);
        }
      } finally {
        // Mark what went out; hand back the rest of the claim so the next round (or relay) retries it at once.
        await this.db.query(MARK_BATCH, [published, rows.map((row) => row.seq)]);
      }
      sent += published.length;
      if (options.untilEmpty === false && rows.length < this.#batchSize) return sent;
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
        await this.relayPending({ untilEmpty: false });
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
        const delay = failures > 0 ? Math.min(5000, 100 * 2 ** Math.min(failures, 6)) : this.#pollMs;
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

/** Options of an inbox: fault injection, and the outbox of a consumer whose effects emit events. */
export interface InboxOptions {
  faults?: Faults | undefined;
  /** When the effect emits events, they are recorded through this outbox in the effect's transaction. */
  outbox?: Outbox | undefined;
}

/**
 * A consumer's inbox: applies an event's effect at most once. The event id goes into `inbox` in the same
 * transaction as the effect (and the events it emits, through the outbox), and a row into the
 * `applied_events` ledger; a redelivered event (same id) changes nothing but the inbox row's
 * `duplicates` counter.
 */
export class Inbox {
  #applied = 0;
  readonly #faults: Faults;

  constructor(
    private readonly db: Database,
    private readonly consumer: string,
    private readonly options: InboxOptions = {},
  ) {
    this.#faults = options.faults ?? NO_FAULTS;
  }

  /** Applies `effect` unless this consumer applied the event before; false for a redelivery. */
  async apply(event: RcrEvent, effect: (tx: Queryable, emit: Emit) => Promise<void>): Promise<boolean> {
    const ledger = [this.consumer, event.id, event.type, event.subject];
    const work = async (tx: Queryable, emit: Emit) => {
      if (this.#faults.disableInbox) {
        await effect(tx, emit);
        await tx.query(
          'INSERT INTO applied_events (consumer, event_id, event_type, subject) VALUES ($1, $2, $3, $4)',
          ledger,
        );
        return true;
      }
      const [row] = await tx.query<{ duplicates: number }>(CLAIM_EVENT, ledger);
      if ((row?.duplicates ?? 0) > 0) return false;
      await effect(tx, emit);
      return true;
    };
    // A consumer acts for no caller: what its effect emits is the system's doing (actor null).
    const applied = await actingFor(null, () =>
      this.options.outbox
        ? this.options.outbox.transaction(work)
        : this.db.transaction((tx) =>
            work(tx, async () => {
              throw new Error(`consumer ${this.consumer} has no outbox to emit events through`);
            }),
          ),
    );
    if (applied && this.#faults.crashAfterApply !== undefined) {
      this.#applied += 1;
      // Fault injection: die after the effect committed and before the bus hears of it, forcing a redelivery.
      if (this.#applied >= this.#faults.crashAfterApply) process.kill(process.pid, 'SIGKILL');
    }
    return applied;
  }
}

/**
 * Applies an event's effect at most once for a consumer (see `Inbox`). Returns false when the event had
 * already been applied (a redelivery).
 */
export function applyOnce(
  db: Database,
  consumer: string,
  event: RcrEvent,
  effect: (tx: Queryable) => Promise<void>,
): Promise<boolean> {
  return new Inbox(db, consumer).apply(event, effect);
}

/** How long delivered bookkeeping is kept (see `pruneDelivered`). */
export interface Retention {
  outboxMs: number;
  inboxMs: number;
  /** Idempotency-Keys (default 48 h: longer than any client keeps retrying, as the gateway's 24 h). */
  idempotencyMs?: number;
}

/**
 * Deletes published outbox rows, inbox rows and ledger rows older than their retention, in small batches
 * so no long lock is held. The inbox must outlive the bus's redelivery horizon (its stream retention), or
 * an old event delivered again could be applied twice.
 */
export async function pruneDelivered(db: Database, retention: Retention): Promise<Record<string, number>> {
  const deleted: Record<string, number> = { outbox: 0, inbox: 0, applied_events: 0, idempotency_keys: 0 };
  const batches: [keyof typeof deleted, string, number][] = [
    [
      'outbox',
      `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE published_at < now() - $1 * interval '1 millisecond' LIMIT 1000)`,
      retention.outboxMs,
    ],
    [
      'inbox',
      `DELETE FROM inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM inbox WHERE processed_at < now() - $1 * interval '1 millisecond' LIMIT 1000)`,
      retention.inboxMs,
    ],
    [
      'idempotency_keys',
      `DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 millisecond' LIMIT 1000)`,
      retention.idempotencyMs ?? 48 * 3_600_000,
    ],
    [
      'applied_events',
      `DELETE FROM applied_events WHERE seq IN (SELECT seq FROM applied_events WHERE applied_at < now() - $1 * interval '1 millisecond' LIMIT 1000)`,
      retention.inboxMs,
    ],
  ];
  for (const [table, sql, ageMs] of batches) {
    for (;;) {
      const rows = await db.query(`${sql} RETURNING 1`, [ageMs]);
      deleted[table] = (deleted[table] ?? 0) + rows.length;
      if (rows.length < 1000) break;
    }
  }
  return deleted;
}
