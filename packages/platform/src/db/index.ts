import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import type { Database } from './port.ts';
import { openPostgres } from './pg.ts';
import { openPglite, type PgliteContribExtension, type PgliteHost } from './pglite.ts';
import { migrate, migrationFileNames } from './migrate.ts';

export type { Database, Queryable } from './port.ts';
export { openPostgres } from './pg.ts';
export { prepared } from './prepared.ts';
export {
  ensurePgliteTemplate,
  openPglite,
  PgliteHost,
  PGLITE_SHARED_BUFFERS,
  type PgliteContribExtension,
  type PgliteOptions,
  type PgliteTemplate,
} from './pglite.ts';
export { migrate } from './migrate.ts';
export { ReadReplica, type ReadReplicaOptions, type ReplicaLag } from './read-replica.ts';
export * from './keyset-page.ts';

/** Where a service's data lives: PostgreSQL when a URL is configured, PGlite under the data dir otherwise. */
export interface DatabaseConfig {
  DATABASE_URL?: string | undefined;
  /** Sessions the PostgreSQL pool opens at most (default 10). */
  DATABASE_POOL_MAX?: number | undefined;
  RCR_DATA_DIR: string;
}

/** Per-service database options; every one is optional, so a service that needs none passes nothing. */
export interface ServiceDatabaseOptions {
  /**
   * Contrib extensions the service's migrations create (`CREATE EXTENSION`): PGlite must load them
   * first; PostgreSQL ships them and ignores this list.
   */
  extensions?: readonly PgliteContribExtension[] | undefined;
  /**
   * The embedded database shared by every service of an embedded system (a schema each). Without it and
   * without `DATABASE_URL`, the service opens a PGlite of its own under `RCR_DATA_DIR/<service>`.
   */
  host?: PgliteHost | undefined;
  /**
   * How long a starting service waits for PostgreSQL that cannot be reached or takes no more sessions
   * (default 30 s), retrying with backoff, before it gives up; `onWait` hears of each failed try.
   */
  startWaitMs?: number | undefined;
  onWait?: ((err: Error, waitedMs: number) => void) | undefined;
}

/** Opens PostgreSQL for a starting service, retrying while it is unavailable (see `startWaitMs`). */
async function openPostgresWaiting(
  url: string,
  schema: string,
  max: number | undefined,
  options: ServiceDatabaseOptions,
) {
  const started = Date.now();
  const deadline = started + (options.startWaitMs ?? 30_000);
  for (let pause = 250; ; pause = Math.min(2000, pause * 2)) {
    try {
      return await openPostgres({ url, schema, max });
    } catch (err) {
      const unavailable = err instanceof AppError && err.kind === 'unavailable';
      if (!unavailable || Date.now() + pause > deadline) throw err;
      options.onWait?.(err, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Tables every service has (outbox, inbox), applied before the service's own migrations. */
const PLATFORM_MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Applies the platform's migrations, then the service's own, to a service's schema: what
 * `openServiceDatabase` does on every start (and what an embedded template does once, ahead of it).
 */
export async function migrateServiceSchema(db: Database, migrationsDir: string | undefined): Promise<void> {
  await migrate(db, PLATFORM_MIGRATIONS, 'platform/');
  if (migrationsDir) await migrate(db, migrationsDir);
}

/** Every migration file `migrateServiceSchema` applies for `migrationsDir`: path and text, in order. */
export async function serviceMigrationFiles(
  migrationsDir: string | undefined,
): Promise<{ path: string; sql: string }[]> {
  const files: { path: string; sql: string }[] = [];
  for (const dir of [PLATFORM_MIGRATIONS, ...(migrationsDir ? [migrationsDir] : [])]) {
    for (const name of migrationFileNames(await readdir(dir))) {
      files.push({ path: join(dir, name), sql: await readFile(join(dir, name), 'utf8') });
    }
  }
  return files;
}

/** Opens the service's database (adapter chosen by configuration only) and applies its migrations. */
export async function openServiceDatabase(
  config: DatabaseConfig,
  service: string,
  /** The service's own migrations; undefined when it has only the platform tables (outbox, inbox, …). */
  migrationsDir: string | undefined,
  options: ServiceDatabaseOptions = {},
): Promise<Database> {
  const db = config.DATABASE_URL
    ? await openPostgresWaiting(config.DATABASE_URL, service, config.DATABASE_POOL_MAX, options)
    : options.host
      ? await options.host.database(service)
      : await openPglite({
          dataDir: config.RCR_DATA_DIR.startsWith('memory://')
            ? config.RCR_DATA_DIR
            : join(config.RCR_DATA_DIR, service),
          schema: service,
          extensions: options.extensions,
        });
  try {
    await migrateServiceSchema(db, migrationsDir);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
