import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { openPostgres } from './pg.ts';
import type { Database, Queryable } from './port.ts';

/** How far a streaming replica is behind its primary. */
export interface ReplicaLag {
  /** WAL the primary has written that the replica has not replayed yet (0 when caught up). */
  bytes: number;
  /**
   * Seconds since the replica replayed its last transaction, when it is behind (bytes > 0) and has WAL
   * received but not replayed; 0 when caught up, also on an idle primary whose last write is hours old.
   */
  seconds: number;
}

/** Options of a read replica (see ReadReplica). */
export interface ReadReplicaOptions {
  /** `DATABASE_READ_URL`: a streaming (physical) standby of the primary, or the primary itself. */
  url: string;
  /** The service's schema (the same name as on the primary). */
  schema: string;
  /** Sessions the read pool opens at most (default 10, as the primary's). */
  max?: number | undefined;
  /** The service's database on `DATABASE_URL`: every write, and every read while the replica is out. */
  primary: Database;
  log: Logger;
  /** How often reachability and lag are measured. */
  checkEveryMs: number;
  /** A replica further behind than this (seconds of lag) is taken out of reads until it has caught up. */
  maxLagMs: number;
  /** Told when reads move to the replica (true) or back to the primary (false). */
  onChange?: (servingReads: boolean) => void;
}

/** How often replicas are re-read while anyone waits for one to replay a position. */
const CATCH_UP_POLL_MS = 10;

/** `pg_last_wal_replay_lsn()` is null on a server that is not in recovery: the primary itself. */
const REPLAY_POSITION = `SELECT pg_is_in_recovery() AS standby,
  pg_last_wal_replay_lsn()::text AS replayed,
  pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS idle,
  EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`;

/** Whether a replica failed because it is out of reach or cancelled the read for replay (run it on the primary). */
function isReplicaFailure(err: unknown): boolean {
  if (err instanceof AppError && err.code === 'DATABASE_UNAVAILABLE') return true;
  // 40001 on a standby: "canceling statement due to conflict with recovery".
  return (err as { code?: unknown }).code === '40001';
}

interface CatchUpWaiter {
  lsn: string;
  finish(caughtUp: boolean): void;
}

/**
 * Reads of one service served by a streaming replica (`DATABASE_READ_URL`, ADR 0028). `reads` is a
 * Database that sends each query or transaction to the replica while it is usable, and to the primary
 * while it is not (unreachable, or more than `maxLagMs` behind), or when the replica fails that very
 * read; a monitor re-measures every `checkEveryMs` and moves reads back once the replica answers within
 * the bound. Writes never go through `reads` (its sessions are read-only). `caughtUp` is what
 * read-your-writes waits on: the replica has replayed everything the primary has written so far.
 */
export class ReadReplica {
  readonly reads: Database;
  #usable = true;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #waiters = new Set<CatchUpWaiter>();
  #pollTimer: NodeJS.Timeout | undefined;
  #pollBusy = false;

  private constructor(
    private readonly replica: Database,
    private readonly options: ReadReplicaOptions,
  ) {
    const { primary } = options;
    const routed = async <T>(read: (db: Queryable & Pick<Database, 'transaction'>) => Promise<T>) => {
      if (!this.#usable) return read(primary);
      try {
        return await read(replica);
      } catch (err) {
        if (!isReplicaFailure(err)) throw err;
        if ((err as { code?: unknown }).code === 'DATABASE_UNAVAILABLE')
          this.#setUsable(false, 'unreachable');
        return read(primary);
      }
    };
    this.reads = {
      kind: 'pg',
      query: (sql, params) => routed((db) => db.query(sql, params)),
      transaction: (fn) => routed((db) => db.transaction(fn)),
      exec: (sql) => primary.exec(sql),
      ping: () => routed((db) => db.query('SELECT 1')).then(() => undefined),
      close: async () => undefined,
    };
  }

  /** Opens the read pool (lazily: nothing connects until the first read) and starts the monitor. */
  static async open(options: ReadReplicaOptions): Promise<ReadReplica> {
    const replica = await openPostgres({
      url: options.url,
      schema: options.schema,
      max: options.max,
      readOnly: true,
    });
    const opened = new ReadReplica(replica, options);
    await opened.#check();
    return opened;
  }

  /** Whether reads go to the replica now (reachable and within the lag bound at the last check). */
  get servingReads(): boolean {
    return this.#usable;
  }

  /**
   * How far the replica is behind: bytes of WAL between the primary's current position and the replica's
   * replay position, and seconds since the replica's last replayed transaction while it is behind (0 when
   * it has replayed all it received, so an idle primary does not read as lag). For a gauge, and for the
   * monitor. Rejects (DATABASE_UNAVAILABLE) when either server does not answer.
   */
  async lag(): Promise<ReplicaLag> {
    const [[position], [primary]] = await Promise.all([
      this.replica.query<{
        standby: boolean;
        replayed: string | null;
        idle: boolean | null;
        since: number | null;
      }>(REPLAY_POSITION),
      this.options.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'),
    ]);
    if (!position?.standby || !position.replayed || !primary) return { bytes: 0, seconds: 0 };
    const [diff] = await this.options.primary.query<{ bytes: string | number }>(
      'SELECT GREATEST(0, pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)) AS bytes',
      [primary.lsn, position.replayed],
    );
    const bytes = Number(diff?.bytes ?? 0);
    const seconds = bytes === 0 || position.idle || position.since === null ? 0 : Math.max(0, position.since);
    return { bytes, seconds };
  }

  /**
   * Resolves true once the replica has replayed everything the primary has written when this is called
   * (so every transaction committed before the call is visible to reads), or at once when reads go to
   * the primary anyway; false after `timeoutMs`. One query per poll for all waiters together.
   */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    if (!this.#usable) return true;
    const [current] = await this.options.primary.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    if (!current) return true;
    let finish!: (caughtUp: boolean) => void;
    const ended = new Promise<boolean>((resolve) => (finish = resolve));
    const waiter: CatchUpWaiter = { lsn: current.lsn, finish };
    this.#waiters.add(waiter);
    const deadline = setTimeout(() => finish(false), Math.max(0, timeoutMs));
    try {
      void this.#poll();
      return await ended;
    } finally {
      clearTimeout(deadline);
      this.#waiters.delete(waiter);
    }
  }

  /** Stops the monitor, ends waits (not caught up) and closes the read pool. */
  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#pollTimer);
    for (const waiter of this.#waiters) waiter.finish(false);
    await this.replica.close();
  }

  /** Ends the waits whose position the replica has replayed (all of them when reads left the replica). */
  async #poll(): Promise<void> {
    if (this.#pollBusy || this.#waiters.size === 0 || this.#stopped) return;
    this.#pollBusy = true;
    clearTimeout(this.#pollTimer);
    try {
      const targets = [...new Set([...this.#waiters].map((w) => w.lsn))];
      const rows = await this.replica
        .query<{ lsn: string; reached: boolean | null; standby: boolean }>(
          `SELECT t.lsn, pg_last_wal_replay_lsn() >= t.lsn::pg_lsn AS reached, pg_is_in_recovery() AS standby
           FROM unnest($1::text[]) AS t(lsn)`,
          [targets],
        )
        .catch((err: unknown) => {
          if (isReplicaFailure(err)) this.#setUsable(false, 'unreachable');
          return [];
        });
      const reached = new Set(rows.filter((r) => r.reached || !r.standby).map((r) => r.lsn));
      for (const waiter of this.#waiters) if (!this.#usable || reached.has(waiter.lsn)) waiter.finish(true);
    } finally {
      this.#pollBusy = false;
    }
    if (this.#waiters.size > 0 && !this.#stopped)
      this.#pollTimer = setTimeout(() => void this.#poll(), CATCH_UP_POLL_MS);
  }

  /** Measures the replica and moves reads to it or away from it; then schedules the next check. */
  async #check(): Promise<void> {
    const bound = Math.max(500, this.options.checkEveryMs);
    const measured = await Promise.race([
      this.lag().catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), bound).unref()),
    ]);
    if (this.#stopped) return;
    if (!measured) this.#setUsable(false, 'unreachable');
    else if (measured.seconds * 1000 > this.options.maxLagMs) this.#setUsable(false, 'behind', measured);
    else this.#setUsable(true, 'caught up', measured);
    this.#timer = setTimeout(() => void this.#check(), this.options.checkEveryMs);
    this.#timer.unref();
  }

  #setUsable(usable: boolean, reason: string, lag?: ReplicaLag): void {
    if (usable === this.#usable) return;
    this.#usable = usable;
    if (usable) this.options.log.warn({ lag, reason }, 'read replica usable: reads go to it again');
    else this.options.log.error({ lag, reason }, 'read replica out of reads: reads go to the primary');
    if (!usable) for (const waiter of this.#waiters) waiter.finish(true);
    this.options.onChange?.(usable);
  }
}
