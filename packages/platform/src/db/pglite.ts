import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './port.ts';

/** Options of the PGlite adapter. */
export interface PgliteOptions {
  /** Data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** The schema this service owns, used as `search_path` (same SQL as on PostgreSQL). */
  schema: string;
}

/** A tiny FIFO mutex: PGlite has one connection, so statements and transactions take turns. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function normalise<T>(rows: unknown[]): T[] {
  // PGlite returns Date objects for timestamptz and bigint for int8; align with the pg adapter.
  for (const row of rows as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Date) row[key] = value.toISOString();
      else if (typeof value === 'bigint') row[key] = Number(value);
    }
  }
  return rows as T[];
}

/** Opens (initialising on first use) an embedded PostgreSQL in a data directory. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  if (!options.dataDir.startsWith('memory://')) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, {
    parsers: { 1700: (value: string) => Number.parseFloat(value) },
  });
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema};`);
  const mutex = new Mutex();
  let closed = false;

  const query = async <T>(sql: string, params?: unknown[]) =>
    normalise<T>((await db.query(sql, params as unknown[])).rows);

  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => query(sql, params)),
    transaction: (fn) =>
      mutex.run(async () => {
        await db.exec('BEGIN');
        try {
          const tx: Queryable = { query: (sql, params) => query(sql, params) };
          const result = await fn(tx);
          await db.exec('COMMIT');
          return result;
        } catch (err) {
          await db.exec('ROLLBACK');
          throw err;
        }
      }),
    exec: (sql) =>
      mutex.run(async () => {
        await db.exec(sql);
      }),
    ping: () => mutex.run(async () => void (await db.query('SELECT 1'))),
    close: () =>
      mutex.run(async () => {
        if (!closed) {
          closed = true;
          await db.close();
        }
      }),
  };
}
