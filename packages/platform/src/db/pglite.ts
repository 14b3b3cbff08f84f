import { mkdir } from 'node:fs/promises';
import { PGlite, type Extension } from '@electric-sql/pglite';
import type { Database, Queryable } from './port.ts';
import { assertSchemaName } from './schema.ts';
import { VALUE_PARSERS } from './values.ts';

/** Options of the PGlite adapter. */
export interface PgliteOptions {
  /** Data directory; `memory://…` keeps it in memory (tests). */
  dataDir: string;
  /**
   * Contrib extensions to load into PGlite (default none). Loading only makes them available: the
   * service's migrations still run `CREATE EXTENSION`, exactly as on PostgreSQL.
   */
  extensions?: readonly PgliteContribExtension[] | undefined;
}

/**
 * The contrib extensions a service may ask PGlite for (all ship with PostgreSQL's contrib on Debian, so
 * the same migrations run on both adapters). Loaded lazily: a host that asks for none loads none.
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
  const unique = [...new Set(names)];
  const entries = await Promise.all(
    unique.map(async (name) => [name, await CONTRIB_LOADERS[name]()] as const),
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

/**
 * One embedded PostgreSQL (PGlite) shared by every service of an embedded system: one data directory,
 * one WASM instance, a schema per service — the same layout as distributed mode's one database with a
 * schema per service. Each service gets a `Database` handle bound to its schema; the host switches
 * `search_path` between statements of different handles, which take turns on PGlite's one connection.
 */
export class PgliteHost {
  readonly #mutex = new Mutex();
  #current = '';
  #closed = false;

  private constructor(private readonly db: PGlite) {}

  /** Opens (initialising on first use) the embedded database in `dataDir`. */
  static async open(options: PgliteOptions): Promise<PgliteHost> {
    if (!options.dataDir.startsWith('memory://')) await mkdir(options.dataDir, { recursive: true });
    const db = await PGlite.create(options.dataDir, {
      parsers: VALUE_PARSERS,
      extensions: await loadExtensions(options.extensions ?? []),
    });
    return new PgliteHost(db);
  }

  /** A handle whose statements run in `schema` (created if missing); closing it leaves the host open. */
  async database(schema: string, onClose?: () => Promise<void>): Promise<Database> {
    assertSchemaName(schema);
    await this.#run(schema, () => this.db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
    let closed = false;
    const guard = () => {
      if (closed) throw new Error(`the ${schema} database handle is closed`);
    };
    const query = async <T>(sql: string, params?: unknown[]) =>
      normalise<T>((await this.db.query(sql, params as unknown[])).rows);
    return {
      kind: 'pglite',
      query: (sql, params) => {
        guard();
        return this.#run(schema, () => query(sql, params));
      },
      transaction: (fn) => {
        guard();
        return this.#run(schema, async () => {
          await this.db.exec('BEGIN');
          try {
            const tx: Queryable = { query: (sql, params) => query(sql, params) };
            const result = await fn(tx);
            await this.db.exec('COMMIT');
            return result;
          } catch (err) {
            // Report the transaction's own error, not a failed ROLLBACK.
            await this.db.exec('ROLLBACK').catch(() => undefined);
            throw err;
          }
        });
      },
      exec: (sql) => {
        guard();
        return this.#run(schema, async () => void (await this.db.exec(sql)));
      },
      ping: () => this.#run(schema, async () => void (await this.db.query('SELECT 1'))),
      close: async () => {
        if (closed) return;
        closed = true;
        await onClose?.();
      },
    };
  }

  /** Runs `fn` alone on the connection, with `schema` first on the search path. */
  #run<T>(schema: string, fn: () => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      if (this.#closed) throw new Error('the embedded database is closed');
      if (this.#current !== schema) {
        await this.db.exec(`SET search_path TO ${schema}`);
        this.#current = schema;
      }
      return fn();
    });
  }

  /** Closes the instance once every statement in flight has finished. */
  close(): Promise<void> {
    return this.#mutex.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      await this.db.close();
    });
  }
}

/** Opens a PGlite instance of its own for one schema (a service started alone); closing the handle closes it. */
export async function openPglite(options: PgliteOptions & { schema: string }): Promise<Database> {
  assertSchemaName(options.schema);
  const host = await PgliteHost.open(options);
  try {
    return await host.database(options.schema, () => host.close());
  } catch (err) {
    await host.close();
    throw err;
  }
}
