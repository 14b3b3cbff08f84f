import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { loadPg } from './db/pg.ts';
import type { ObjectStore } from './storage/index.ts';

/*
 * Backup and restore of distributed mode (ADR 0033): every service's schema dumped by pg_dump from ONE
 * snapshot (exported by a repeatable-read transaction held open while the dumps run), each to its own
 * object in the bucket, and a manifest written last (a backup without one is incomplete and never
 * restored); restore reads a manifest and runs pg_restore for each schema into a database that has none of
 * them. Used by the operator's CLI (`rcr backup|backups|restore`) and by the jobs service's scheduled
 * backup job, which also prunes old backups (`pruneBackups`).
 */

/** The schemas of distributed mode's services (one per service with a database, the service's name). */
export const SERVICE_SCHEMAS = ['identity', 'reviews', 'content', 'jobs', 'webhooks', 'media'] as const;

/** Bucket prefix of backups: `backups/<id>/<schema>.dump` and `backups/<id>/manifest.json`. */
const PREFIX = 'backups/';

/** What a backup holds, written as `manifest.json` after every dump is stored. */
export interface BackupManifest {
  id: string;
  /** When the snapshot was taken (ISO 8601): the point in time the backup restores. */
  snapshotAt: string;
  schemas: { schema: string; key: string; bytes: number }[];
  /** How long taking it took, for the RPO/RTO figures. */
  ms: number;
}

/** Raised for a backup or restore that cannot be done as asked (the CLI prints the message). */
export class BackupError extends Error {}

/** Runs a PostgreSQL client program; `stdin` is piped into it. Resolves with its stdout when it exits 0. */
function runPg(
  program: 'pg_dump' | 'pg_restore',
  args: string[],
  stdin?: Readable,
): { stdout: Readable; done: Promise<void> } {
  const child = spawn(program, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  if (stdin && child.stdin) stdin.pipe(child.stdin);
  const errors = text(child.stderr as Readable);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new BackupError(`${program}: ${err.message} (is it installed?)`)));
    child.once('close', (code) => {
      if (code === 0) resolve();
      else void errors.then((message) => reject(new BackupError(`${program} exited ${code}: ${message}`)));
    });
  });
  return { stdout: child.stdout as Readable, done };
}

/**
 * Dumps the service schemas present in `databaseUrl` into the bucket under a new backup id, all from one
 * snapshot, and returns the manifest. `onSchema` is called after each schema is stored (a long backup's
 * sign of life).
 */
export async function backupDatabase(
  databaseUrl: string,
  store: ObjectStore,
  onSchema: (schema: string) => Promise<void> = async () => undefined,
): Promise<BackupManifest> {
  const started = Date.now();
  const client = new (await loadPg()).Client({ connectionString: databaseUrl });
  // A connection that breaks fails the next statement; unheard, its 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const [exported] = (
      await client.query<{ snapshot: string; at: string }>(
        'SELECT pg_export_snapshot() AS snapshot, now() AS at',
      )
    ).rows;
    const present = (
      await client.query<{ name: string }>(
        'SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[])',
        [[...SERVICE_SCHEMAS]],
      )
    ).rows.map((row) => row.name);
    if (!exported || present.length === 0)
      throw new BackupError('the database has no service schema to back up');
    const snapshotAt = new Date(exported.at);
    const id = snapshotAt.toISOString().replace(/[-:]/g, '').replace('.', '');
    const schemas: BackupManifest['schemas'] = [];
    for (const schema of SERVICE_SCHEMAS.filter((name) => present.includes(name))) {
      const key = `${PREFIX}${id}/${schema}.dump`;
      // A schema's dump leaves out the extensions its objects use (content's pg_trgm, unaccent), even
      // those created in it: named, they are dumped and restored with it.
      const extensions = (
        await client.query<{ name: string }>(
          `SELECT e.extname AS name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
           WHERE n.nspname = $1`,
          [schema],
        )
      ).rows.map((row) => `--extension=${row.name}`);
      const dump = runPg('pg_dump', [
        ...['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${exported.snapshot}`],
        ...[`--schema=${schema}`, ...extensions, `--dbname=${databaseUrl}`],
      ]);
      const [stored] = await Promise.all([
        store.put(key, dump.stdout, { contentType: 'application/octet-stream' }),
        dump.done,
      ]);
      schemas.push({ schema, key, bytes: stored.size });
      await onSchema(schema);
    }
    const manifest: BackupManifest = { id, snapshotAt: snapshotAt.toISOString(), schemas, ms: 0 };
    manifest.ms = Date.now() - started;
    await store.put(`${PREFIX}${id}/manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)), {
      contentType: 'application/json',
    });
    return manifest;
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    await client.end();
  }
}

/** Every key under the backups prefix, page after page. */
async function backupKeys(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.list(PREFIX, { after });
    keys.push(...page.items.map((item) => item.key));
    after = page.next;
  } while (after);
  return keys;
}

/** Ids of the complete backups in the bucket (those with a manifest), oldest first. */
export async function listBackups(store: ObjectStore): Promise<string[]> {
  return (await backupKeys(store))
    .filter((key) => key.endsWith('/manifest.json'))
    .map((key) => key.slice(PREFIX.length, -'/manifest.json'.length))
    .sort();
}

/** What `pruneBackups` removed: complete backups past the newest `keep`, and incomplete ones older than those kept. */
export interface Pruned {
  removed: string[];
  kept: string[];
}

/**
 * Keeps the newest `keep` complete backups and deletes the older ones, with every incomplete backup (no
 * manifest: its run died) older than the oldest one kept — a newer incomplete one may be a backup still
 * being written. The manifest goes first, so a half-deleted backup is never listed as complete.
 */
export async function pruneBackups(store: ObjectStore, keep: number): Promise<Pruned> {
  if (!Number.isInteger(keep) || keep < 1) throw new BackupError('keep at least one backup');
  const byId = new Map<string, string[]>();
  for (const key of await backupKeys(store)) {
    const id = key.slice(PREFIX.length).split('/')[0]!;
    byId.set(id, [...(byId.get(id) ?? []), key]);
  }
  const complete = [...byId]
    .filter(([, keys]) => keys.some((key) => key.endsWith('/manifest.json')))
    .map(([id]) => id)
    .sort();
  const kept = complete.slice(-keep);
  const oldestKept = kept[0];
  const removed = [...byId.keys()]
    .filter((id) => !kept.includes(id) && oldestKept !== undefined && id < oldestKept)
    .sort();
  for (const id of removed) {
    const keys = byId.get(id)!;
    for (const key of keys.filter((k) => k.endsWith('/manifest.json'))) await store.delete(key);
    for (const key of keys.filter((k) => !k.endsWith('/manifest.json'))) await store.delete(key);
  }
  return { removed, kept };
}

/**
 * Restores backup `id` (the newest complete one when absent) into `databaseUrl`, which must hold none of
 * the service schemas: every dump is checked to be there first, then each schema is restored in one
 * transaction, stopping at the first error (whose message says which schemas were restored before it).
 * Returns the manifest and how long it took.
 */
export async function restoreDatabase(
  databaseUrl: string,
  store: ObjectStore,
  id?: string,
): Promise<{ manifest: BackupManifest; ms: number }> {
  const started = Date.now();
  const chosen = id ?? (await listBackups(store)).at(-1);
  if (!chosen) throw new BackupError('the bucket holds no complete backup');
  const found = await store.get(`${PREFIX}${chosen}/manifest.json`);
  if (!found) throw new BackupError(`no complete backup "${chosen}" in the bucket`);
  const manifest = JSON.parse(await text(found.body)) as BackupManifest;
  // Every dump is there before anything is written: a backup pruned or damaged since its manifest was
  // written is refused with the target untouched, not found out half-way through the schemas.
  for (const { key } of manifest.schemas) {
    if (!(await store.head(key))) throw new BackupError(`backup ${chosen} lacks ${key}: nothing restored`);
  }
  const client = new (await loadPg()).Client({ connectionString: databaseUrl });
  // A connection that breaks fails the next statement; unheard, its 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const taken = (
      await client.query<{ name: string }>(
        'SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[])',
        [manifest.schemas.map((s) => s.schema)],
      )
    ).rows.map((row) => row.name);
    if (taken.length > 0)
      throw new BackupError(
        `the target database is not empty (schemas ${taken.join(', ')} exist): restore into a new database`,
      );
  } finally {
    await client.end();
  }
  const restored: string[] = [];
  const partly = () =>
    restored.length === 0
      ? 'nothing restored'
      : `${restored.join(', ')} already restored: drop the target database before trying again`;
  for (const { schema, key } of manifest.schemas) {
    const dump = await store.get(key);
    if (!dump) throw new BackupError(`backup ${chosen} lacks ${key} (deleted while restoring); ${partly()}`);
    const restore = runPg(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`],
      dump.body,
    );
    restore.stdout.resume();
    await restore.done.catch((err: Error) => {
      throw new BackupError(`restoring ${schema}: ${err.message}; ${partly()}`);
    });
    restored.push(schema);
  }
  return { manifest, ms: Date.now() - started };
}
