import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { listBackups, LocalObjectStore, newKeyRingSpec, restoreDatabase } from '@rcr/platform';
import { ApiClient } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { runPublishFlow } from './support/flow.ts';
import { distributedAvailable, freshDatabase } from './support/infra.ts';

const run = promisify(execFile);

async function text(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// Backup and restore (ADR 0033) through the operator's CLI: a system publishes a review, `rcr backup`
// dumps its database to the bucket, the system and its database go away, `rcr restore` fills a new empty
// database, and a new system on it serves the same content. Then the jobs service's scheduled backup:
// one per interval through the task queue, the newest kept, restorable.
const available = await distributedAvailable('backup and restore');

describe.skipIf(!available)('backup and restore (distributed, rcr CLI)', () => {
  let bucket: string;
  const systems: DistributedSystem[] = [];
  // Both systems decrypt the same secrets at rest: the key is part of what an operator keeps.
  const common = { RCR_ENCRYPTION_KEY: newKeyRingSpec('backup-test'), LOG_LEVEL: 'error' };
  const cli = (databaseUrl: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/rcr.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, BUCKET_URL: `file://${bucket}` },
    });

  beforeAll(async () => {
    bucket = await mkdtemp(path.join(tmpdir(), 'rcr-backups-'));
  });

  afterAll(async () => {
    for (const system of systems) await system.stop().catch(() => undefined);
    await rm(bucket, { recursive: true, force: true });
  });

  it('when a database is backed up, dropped and restored into an empty one, then a new system serves the same content; a non-empty target is refused', async () => {
    const first = await startDistributedSystem(1, undefined, common);
    systems.push(first);
    const { slug } = await runPublishFlow(first.gateways[0]!.url);
    const before = await new ApiClient(first.gateways[0]!.url).request<{ data: unknown }>(
      'GET',
      `/v1/content/${slug}`,
    );
    expect(before.status).toBe(200);

    const backup = await cli(first.databaseUrl, 'backup');
    expect(backup.stdout).toMatch(/^backup \d{8}T\d+Z: identity, reviews, content, jobs, webhooks/);
    await first.stop(); // drops its database: only the bucket is left
    systems.length = 0;

    const target = await freshDatabase();
    const restored = await cli(target.url, 'restore');
    expect(restored.stdout).toMatch(/^restored backup/);
    console.log(`${backup.stdout.trim()}\n${restored.stdout.trim()}`);
    const store = await LocalObjectStore.open(bucket);
    await expect(restoreDatabase(target.url, store)).rejects.toThrow(/not empty/);
    // A backup whose last dump went missing after its manifest was written (pruned, or damaged) is
    // refused before anything is restored: the empty database stays empty.
    const id = (await listBackups(store)).at(-1) as string;
    const manifest = JSON.parse(await text((await store.get(`backups/${id}/manifest.json`))!.body)) as {
      schemas: { schema: string; key: string }[];
    };
    const last = manifest.schemas.at(-1)!;
    last.key = `backups/damaged/${last.schema}.dump`;
    await store.put('backups/damaged/manifest.json', Buffer.from(JSON.stringify(manifest)), {
      contentType: 'application/json',
    });
    const empty = await freshDatabase();
    try {
      await expect(restoreDatabase(empty.url, store, 'damaged')).rejects.toThrow(
        `backup damaged lacks ${last.key}: nothing restored`,
      );
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      const schemas = await client.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])', [
        manifest.schemas.map((s) => s.schema),
      ]);
      await client.end();
      expect(schemas.rows).toEqual([]);
    } finally {
      await store.delete('backups/damaged/manifest.json');
      await empty.drop();
    }
    await store.close();

    const second = await startDistributedSystem(1, undefined, common, target);
    systems.push(second);
    const after = await new ApiClient(second.gateways[0]!.url).request<{ data: unknown }>(
      'GET',
      `/v1/content/${slug}`,
    );
    expect(after.status).toBe(200);
    expect(after.body.data).toEqual(before.body.data);
  }, 240_000);

  it('when backups are scheduled, then the jobs service takes one per interval, keeps the newest RCR_BACKUP_KEEP, and the newest restores the same data', async () => {
    const scheduled = await mkdtemp(path.join(tmpdir(), 'rcr-scheduled-backups-'));
    const system = await startDistributedSystem(
      1,
      () => ({
        jobs: { BUCKET_URL: `file://${scheduled}`, RCR_BACKUP_INTERVAL: '2s', RCR_BACKUP_KEEP: '2' },
      }),
      common,
    );
    systems.push(system);
    const db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    const store = await LocalObjectStore.open(scheduled);
    try {
      const backupJobs = async () =>
        (
          await db.query<{ status: string; backup: string | null; error: string | null }>(
            `SELECT status, result->>'etag' AS backup, error FROM jobs.jobs WHERE kind = 'backup'
             ORDER BY params->>'slot'`,
          )
        ).rows;
      const succeeded = async () => (await backupJobs()).filter((job) => job.status === 'succeeded').length;
      await runPublishFlow(system.gateways[0]!.url);
      // Three more after the review is public: the newest is a backup of it, and two were pruned by then.
      const wanted = (await succeeded()) + 3;
      const deadline = Date.now() + 90_000;
      while ((await succeeded()) < wanted) {
        if (Date.now() > deadline)
          throw new Error(`fewer than 3 backups: ${JSON.stringify(await backupJobs())}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Backups go on every 2 s, and one being taken has its manifest in the bucket before it prunes the
      // oldest (a moment with three): read the bucket and the jobs at rest between two of them.
      let listed: string[] = [];
      let jobs: Awaited<ReturnType<typeof backupJobs>> = [];
      let taken: string[] = [];
      await eventually(async () => {
        listed = await listBackups(store);
        jobs = await backupJobs();
        taken = jobs.flatMap((job) => (job.status === 'succeeded' && job.backup ? [job.backup] : []));
        expect(listed).toHaveLength(2); // the older ones were deleted
        expect(taken).toEqual(expect.arrayContaining(listed));
      }, 30_000);
      expect(jobs.filter((job) => job.status === 'failed')).toEqual([]);
      expect(new Set(taken).size).toBe(taken.length); // one backup per slot, each its own
      expect(listed).not.toContain(taken[0]);
      const metrics = await (await fetch(system.services.jobs.metricsUrl)).text();
      const at = Number(/^rcr_backup_last_success_timestamp_seconds (\S+)$/m.exec(metrics)?.[1]);
      expect(Date.now() / 1000 - at).toBeLessThan(60);

      // Every 2 s another backup is taken and the oldest pruned: on a slow machine a restore outlasts two
      // intervals and would find its backup half deleted. Stop taking backups before restoring one.
      await system.services.jobs.process.kill('SIGTERM');
      const target = await freshDatabase();
      try {
        const { manifest } = await restoreDatabase(target.url, store, listed.at(-1));
        expect(manifest.schemas.map((s) => s.schema)).toEqual([
          ...['identity', 'reviews', 'content', 'jobs', 'webhooks', 'media'],
        ]);
        const restored = new pg.Client({ connectionString: target.url });
        await restored.connect();
        const counts = async (client: pg.Client) =>
          (
            await client.query(
              `SELECT (SELECT count(*) FROM reviews.reviews)::int AS reviews,
                      (SELECT count(*) FROM content.content)::int AS content,
                      (SELECT count(*) FROM identity.editors)::int AS editors`,
            )
          ).rows[0];
        const live = await counts(db);
        expect(live.content).toBeGreaterThan(0);
        expect(await counts(restored)).toEqual(live);
        await restored.end();
      } finally {
        await target.drop();
      }
    } finally {
      await db.end();
      await store.close();
      // The jobs service keeps taking a backup every 2 s into this directory: stop it before removing it.
      systems.splice(systems.indexOf(system), 1);
      await system.stop();
      await rm(scheduled, { recursive: true, force: true });
    }
  }, 240_000);
});
