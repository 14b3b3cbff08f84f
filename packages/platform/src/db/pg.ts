import type pg from 'pg';
import { errors, isConnectionError } from '../errors.ts';
import type { Database, Queryable } from './port.ts';
import { preparedName } from './prepared.ts';
import { querySpan } from './query-spans.ts';
import { assertSchemaName } from './schema.ts';
import { VALUE_PARSERS } from './values.ts';

let loaded: Promise<typeof pg> | undefined;

/**
 * The `pg` driver, loaded by the first PostgreSQL connection: an embedded system never opens one, and
 * does not pay for loading it at start (ADR 0034).
 */
export function loadPg(): Promise<typeof pg> {
  return (loaded ??= import('pg').then(({ default: driver }) => {
    // Read values the same way as the PGlite adapter (ISO timestamps, numbers for bigint and numeric).
    for (const [oid, parse] of Object.entries(VALUE_PARSERS)) driver.types.setTypeParser(Number(oid), parse);
    return driver;
  }));
}

/** Options of the PostgreSQL adapter. */
export interface PgOptions {
  url: string;
  /** The schema this service owns; created if missing and used as `search_path`. */
  schema: string;
  max?: number;
  /** How long to wait for a new connection before reporting the database unavailable (default 3000 ms). */
  connectTimeoutMs?: number;
  /**
   * A read-only pool (a streaming replica, see ReadReplica): sessions default to read-only transactions,
   * the schema is not created (a standby refuses it; the primary's migrations replicate it) and nothing
   * connects until the first query, so a replica that is down does not stop the service from starting.
   */
  readOnly?: boolean;
}

/** Messages of `pg` errors that mean the server could not be reached or the connection broke (they carry no code). */
const CONNECTION_MESSAGES =
  /timeout expired|connection timeout|timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/i;

/**
 * SQLSTATEs of a transaction that lost a race with another one (serialization failure, deadlock): the
 * transaction is rolled back whole, so running it again is safe and is what PostgreSQL asks for.
 */
const RETRYABLE_STATES = new Set(['40001', '40P01']);
/** Attempts of a transaction that keeps losing such races, before its error is reported. */
const TRANSACTION_ATTEMPTS = 3;

/** Whether `err` means the database is out of reach rather than that the statement was wrong. */
function isUnreachable(err: unknown): boolean {
  if (isConnectionError(err)) return true;
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true;
  return err instanceof Error && !('severity' in err) && CONNECTION_MESSAGES.test(err.message);
}

function unavailable(err: unknown): never {
  if (isUnreachable(err)) throw errors.unavailable('DATABASE_UNAVAILABLE', 'the database is not reachable');
  throw err;
}

/** Opens a pooled PostgreSQL connection whose sessions all use the service's schema. */
export async function openPostgres(options: PgOptions): Promise<Database> {
  assertSchemaName(options.schema);
  const { Pool } = await loadPg();
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    // Pipeline mode: a statement is written without waiting for the answer to the one before, so a
    // transaction's BEGIN travels with its first statement (ADR 0036). Every caller still awaits each
    // statement it depends on; answers come back in order.
    pipeline: true,
    // No JIT: the services' statements are short OLTP reads and writes, for which PostgreSQL's JIT
    // (on by default, triggered by the planner's cost estimate) spent 40–400 ms compiling each plan.
    options: `-c search_path=${options.schema} -c jit=off${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  if (!options.readOnly) await createSchema(pool, options.schema);
  return pooled(pool, options.schema);
}

/** Creates the service's schema if missing (before the first migration). */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    const client = await pool.connect().catch(unavailable);
    // A checked-out client's connection breaking is an 'error' event with no listener of the pool's:
    // unheard, it would end the process. The query that needs the connection fails instead.
    const heard = () => undefined;
    client.on('error', heard);
    try {
      // Two instances of a service starting on a fresh database race on CREATE SCHEMA IF NOT EXISTS
      // (a unique violation in pg_namespace); a transaction-scoped advisory lock keeps them apart.
      await client.query('BEGIN').catch(unavailable);
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [`rcr-schema:${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        unavailable(err);
      }
    } finally {
      client.off('error', heard);
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/** The database port over a pool. */
function pooled(pool: pg.Pool, schema: string): Database {
  // Every statement in a span of its own when inside a trace (ADR 0031, amendment); a registered
  // statement (prepared.ts) runs by name: parsed and planned once per connection (ADR 0036).
  const query = <T extends object>(runner: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    querySpan(schema, sql, async () => {
      const name = preparedName(sql);
      const result = await (
        name === undefined
          ? runner.query(sql, params as unknown[])
          : runner.query({ name, text: sql, values: params as unknown[] })
      ).catch(unavailable);
      return result.rows as T[];
    });

  return {
    kind: 'pg',
    query: (sql, params) => query(pool, sql, params),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await runTransaction(fn);
        } catch (err) {
          const state = (err as { code?: unknown }).code;
          if (typeof state !== 'string' || !RETRYABLE_STATES.has(state)) throw err;
          // Still losing after every attempt: the database is contended, which is no client's error nor
          // an internal one; the caller may retry (503).
          if (attempt >= TRANSACTION_ATTEMPTS)
            throw errors.unavailable(
              'DATABASE_CONTENDED',
              'the write kept conflicting with concurrent ones; retry it',
            );
        }
      }
    },
    async exec(sql) {
      await querySpan(schema, sql, async () => void (await pool.query(sql).catch(unavailable)));
    },
    async ping() {
      await query(pool, 'SELECT 1');
    },
    close: () => pool.end(),
  };

  async function runTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const conn = await pool.connect().catch(unavailable);
    let broken: Error | undefined;
    // While checked out, the pool does not listen to the client: a connection that breaks between two
    // statements emits 'error' with no listener, which would end the process. Heard here, the client is
    // discarded at release, and the transaction's next statement (or COMMIT) fails as unavailable.
    const onBroken = (err: Error) => {
      broken = err;
    };
    conn.on('error', onBroken);
    // BEGIN is not awaited on its own: it goes out with the first statement (one round trip less per
    // transaction), and whatever it answers is awaited with that statement's answer (or before COMMIT).
    const begin = query(conn, 'BEGIN');
    begin.catch(() => undefined); // awaited below; a transaction that fails before any statement rolls back
    let begun: Promise<unknown> | undefined = begin;
    try {
      const tx: Queryable = {
        query: async <R extends object>(sql: string, params?: unknown[]) => {
          const pending = begun;
          begun = undefined;
          if (!pending) return query<R>(conn, sql, params);
          const [, rows] = await Promise.all([pending, query<R>(conn, sql, params)]);
          return rows;
        },
      };
      const result = await fn(tx);
      if (begun) await begun;
      await query(conn, 'COMMIT');
      return result;
    } catch (err) {
      await querySpan(schema, 'ROLLBACK', async () => void (await conn.query('ROLLBACK'))).catch(
        (rollbackError: Error) => {
          // The connection is unusable: tell the pool to discard it instead of handing it out again.
          broken = rollbackError;
        },
      );
      throw err;
    } finally {
      conn.off('error', onBroken);
      conn.release(broken);
    }
  }
}
