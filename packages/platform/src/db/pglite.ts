import { mkdir } from 'node:fs/promises';
import { PGlite, type Extension } from '@electric-sql/pglite';
import type { Database, Queryable } from './port.ts';
import { assertSchemaName } from './schema.ts';
import { VALUE_PARSERS } from './values.ts';

/** Options of the PGlite adapter. */
export interface PgliteOptions {
  /** Data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** The schema this service owns, used as `search_path` (same SQL as on PostgreSQL). */
  schema: string;
  /**
   * Contrib extensions to load into PGlite (default none). Loading only makes them available: the
   * service's migrations still run `CREATE EXTENSION`, exactly as on PostgreSQL.
   */
  extensions?: readonly PgliteContribExtension[] | undefined;
}

/**
 * The contrib extensions a service may ask PGlite for (all ship with PostgreSQL's contrib on Debian, so
 * the same migrations run on both adapters). Loaded lazily: a service that asks for none loads none.
 */
const CONTRIB_LOADERS = {
  pg_trgm: async () => (await import('@electric-sql/pglite/contrib/pg_trgm')).pg_trgm,
  unaccent: async () => (await import('@electric-sql/pglite/contrib/unaccent')).unaccent,
  fuzzystrmatch: async () => (await import('@electric-sql/pglite/contrib/fuzzystrmatch')).fuzzystrmatch,
  btree_gin: async () => (await import('@electric-sql/pglite/contrib/btree_gin')).btree_gin,
  citext: async () => (await import('@electric-sql/pglite/contrib/citext')).citext,
} satisfies Record<string, () => Promise<Extension>>;

/** Name of a contrib extension PGlite can load (the `CREATE EXTENSION` name). */
export type PgliteContribExtension = keyof typeof CONTRIB_LOADERS;

async function loadExtensions(names: readonly PgliteContribExtension[]): Promise<Record<string, Extension>> {
  const entries = await Promise.all(
    names.map(async (name) => [name, await CONTRIB_LOADERS[name]()] as const),
  );
  return Object.fromEntries(entries);
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
  // Our parsers already give ISO strings and numbers; this catches any other type PGlite turns into a
  // Date or a bigint, so a row never holds values JSON cannot carry.
  for (const row of rows as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Date) row[key] = Number.isNaN(value.getTime()) ? null : value.toISOString();
      else if (typeof value === 'bigint') row[key] = Number(value);
    }
  }
  return rows as T[];
}

/** Opens (initialising on first use) an embedded PostgreSQL in a data directory. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  assertSchemaName(options.schema);
  if (!options.dataDir.startsWith('memory://')) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, {
    parsers: VALUE_PARSERS,
    extensions: await loadExtensions(options.extensions ?? []),
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
          // Report the transaction's own error, not a failed ROLLBACK.
          await db.exec('ROLLBACK').catch(() => undefined);
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
