import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore, newKeyRingSpec } from '@rcr/platform';
import { restoreDatabase } from '../scripts/backup.ts';
import { ApiClient } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { runPublishFlow } from './support/flow.ts';
import { distributedAvailable, freshDatabase } from './support/infra.ts';

const run = promisify(execFile);

// Backup and restore (ADR 0033) through the operator's CLI: a system publishes a review, `rcr backup`
// dumps its database to the bucket, the system and its database go away, `rcr restore` fills a new empty
// database, and a new system on it serves the same content.
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
});
