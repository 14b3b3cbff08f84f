import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite, type Extension } from '@electric-sql/pglite';
import type { Database, Queryable } from './port.ts';
import { querySpan } from './query-spans.ts';
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
  /**
   * PostgreSQL's `shared_buffers` (default {@link PGLITE_SHARED_BUFFERS}). PGlite touches the whole pool
   * when it starts, so it is resident memory from the first moment: PostgreSQL's own default (128MB) made
   * it the largest part of an embedded system's RSS.
   */
  sharedBuffers?: string | undefined;
  /**
   * A database made once and copied into every new data directory, instead of initialising each one
   * (PGlite's initdb takes seconds). Used only when `dataDir` is on disk and holds no database yet.
   */
  template?: PgliteTemplate | undefined;
}

/**
 * How to make the template database of {@link PgliteOptions.template}: built on first use under
 * `cacheDir`, in a directory named by a hash of `key`, PGlite's version, the extensions and the
 * settings, so a change to any of them makes a new one.
 */
export interface PgliteTemplate {
  /** Where templates are kept, one directory each (e.g. `node_modules/.cache/rcr`). */
  cacheDir: string;
  /** Everything `prepare` puts in (e.g. the name and text of every migration file). */
  key: string;
  /** Fills the freshly initialised database (e.g. every service's migrations). */
  prepare(host: PgliteHost): Promise<void>;
}

/**
 * Where a launcher may leave PGlite's WebAssembly module (a promise of it), compiling since before the
 * process loaded its modules (scripts/bundled.mjs, ADR 0034): V8 compiles it on its own threads, so on a
 * machine with two cores it is ready, or nearly, when the database opens, instead of being compiled then.
 * Absent (tests, other scripts): PGlite compiles it itself, as before.
 */
export const PGLITE_WASM_KEY = Symbol.for('rcr.pglite-wasm');

/** The module a launcher started compiling early, if any (undefined when it failed: PGlite compiles). */
async function earlyWasmModule(): Promise<WebAssembly.Module | undefined> {
  const early = (globalThis as Record<symbol, unknown>)[PGLITE_WASM_KEY];
  return early instanceof Promise
    ? ((await early.catch(() => undefined)) as WebAssembly.Module | undefined)
    : undefined;
}

/** `shared_buffers` of an embedded database unless told otherwise (PostgreSQL's default is 128MB). */
export const PGLITE_SHARED_BUFFERS = '16MB';

/** How a template is made (bump it when that changes, so templates made the old way are not used). */
const TEMPLATE_FORMAT = 2;

/** Marks a template directory as complete (written last, after the database closed cleanly). */
const TEMPLATE_READY = '.rcr-template-ready';

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

  /**
   * Opens the embedded database in `dataDir`; a directory without one gets a copy of the template when
   * options name one, and is initialised otherwise.
   */
  static async open(options: PgliteOptions): Promise<PgliteHost> {
    const onDisk = !options.dataDir.startsWith('memory://');
    if (onDisk && options.template && (await isEmptyDir(options.dataDir))) {
      const template = await ensurePgliteTemplate({ ...options, template: options.template });
      await copyDatabase(template, options.dataDir);
      performance.mark('rcr:database copied');
    }
    if (onDisk) await mkdir(options.dataDir, { recursive: true });
    // PGlite compiles its WebAssembly asynchronously (V8's own threads, not libuv's): while a start waits
    // for that alone, Node's event loop has nothing to do, and an empty loop makes Node wait for *every*
    // background task V8 has in flight, including the optimising compilation of each hot WebAssembly
    // function (seconds of CPU for PostgreSQL). A timer keeps the loop busy, so the start goes on as soon
    // as what it awaits is done and the optimising compiler works alongside.
    const busy = setInterval(() => undefined, 60_000);
    try {
      const pgliteWasmModule = await earlyWasmModule();
      const db = await PGlite.create(options.dataDir, {
        ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
        parsers: VALUE_PARSERS,
        extensions: await loadExtensions(options.extensions ?? []),
        startParams: [
          ...PGlite.defaultStartParams,
          '-c',
          `shared_buffers=${options.sharedBuffers ?? PGLITE_SHARED_BUFFERS}`,
        ],
      });
      return new PgliteHost(db);
    } finally {
      clearInterval(busy);
    }
  }

  /** A handle whose statements run in `schema` (created if missing); closing it leaves the host open. */
  async database(schema: string, onClose?: () => Promise<void>): Promise<Database> {
    assertSchemaName(schema);
    await this.#run(schema, () => this.db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
    let closed = false;
    const guard = () => {
      if (closed) throw new Error(`the ${schema} database handle is closed`);
    };
    // Every statement in a span of its own when inside a trace (ADR 0031, amendment). A statement outside a
    // transaction waits for the one connection inside its span: that wait is where its time goes.
    const query = async <T>(sql: string, params?: unknown[]) =>
      normalise<T>((await this.db.query(sql, params as unknown[])).rows);
    const inTransaction = <T>(sql: string, params?: unknown[]) =>
      querySpan(schema, sql, () => query<T>(sql, params));
    const control = (sql: string) => querySpan(schema, sql, async () => void (await this.db.exec(sql)));
    return {
      kind: 'pglite',
      query: (sql, params) => {
        guard();
        return querySpan(schema, sql, () => this.#run(schema, () => query(sql, params)));
      },
      transaction: (fn) => {
        guard();
        return this.#run(schema, async () => {
          await control('BEGIN');
          try {
            const tx: Queryable = { query: inTransaction };
            const result = await fn(tx);
            await control('COMMIT');
            return result;
          } catch (err) {
            // Report the transaction's own error, not a failed ROLLBACK.
            await control('ROLLBACK').catch(() => undefined);
            throw err;
          }
        });
      },
      exec: (sql) => {
        guard();
        return querySpan(schema, sql, () => this.#run(schema, async () => void (await this.db.exec(sql))));
      },
      ping: () =>
        querySpan(schema, 'SELECT 1', () =>
          this.#run(schema, async () => void (await this.db.query('SELECT 1'))),
        ),
      close: async () => {
        if (closed) return;
        closed = true;
        await onClose?.();
      },
    };
  }

  /**
   * Drops PostgreSQL's own template databases (`template0`, `template1`): an embedded system works in
   * one database and never creates another, and without them a copy of the data directory has half the
   * files (most of a template's copy time is creating files). For a template being made only.
   */
  async dropTemplateDatabases(): Promise<void> {
    await this.#mutex.run(async () => {
      for (const name of ['template0', 'template1']) {
        await this.db.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`);
        await this.db.exec(`DROP DATABASE ${name}`);
      }
    });
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

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The template's directory for these options, made (initialised, then prepared) if missing: lets an
 * install step make it ahead of the first start.
 */
export async function ensurePgliteTemplate(
  options: Omit<PgliteOptions, 'dataDir' | 'template'> & { template: PgliteTemplate },
): Promise<string> {
  const { template } = options;
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        pglite: pgliteVersion(),
        extensions: [...new Set(options.extensions ?? [])].sort(),
        sharedBuffers: options.sharedBuffers ?? PGLITE_SHARED_BUFFERS,
        format: TEMPLATE_FORMAT,
        key: template.key,
      }),
    )
    .digest('hex')
    .slice(0, 16);
  const dir = join(template.cacheDir, `pglite-template-${hash}`);
  if (existsSync(join(dir, TEMPLATE_READY))) return dir;
  // Built aside and renamed into place, so a crash or a concurrent start never leaves half a template.
  const building = `${dir}.${randomUUID()}.tmp`;
  try {
    const host = await PgliteHost.open({ ...options, dataDir: building, template: undefined });
    try {
      await template.prepare(host);
      await host.dropTemplateDatabases();
    } finally {
      await host.close();
    }
    await writeFile(join(building, TEMPLATE_READY), new Date().toISOString());
    await rename(building, dir).catch((err: NodeJS.ErrnoException) => {
      // Another process put the same template in place first: use theirs.
      if (!existsSync(join(dir, TEMPLATE_READY))) throw err;
    });
    // Templates of older migrations (or PGlite versions) are of no further use.
    for (const entry of await readdir(template.cacheDir)) {
      const other = join(template.cacheDir, entry);
      if (entry.startsWith('pglite-template-') && !entry.endsWith('.tmp') && other !== dir) {
        await rm(other, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return dir;
}

/** True when `dir` does not exist or holds nothing (a directory holding anything else is left to PGlite). */
async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Copies a template into a new data directory (aside, then renamed: a database is there whole or not at all). */
async function copyDatabase(template: string, dataDir: string): Promise<void> {
  await mkdir(dirname(dataDir), { recursive: true });
  const copying = `${dataDir}.${randomUUID()}.tmp`;
  try {
    await cp(template, copying, {
      recursive: true,
      filter: (source) => !source.endsWith(TEMPLATE_READY),
    });
    // An empty directory (made by an operator, or by an earlier failed start) gives way to the copy.
    await rmdir(dataDir).catch(() => undefined);
    await rename(copying, dataDir);
  } finally {
    await rm(copying, { recursive: true, force: true });
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
