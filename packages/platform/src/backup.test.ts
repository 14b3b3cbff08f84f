import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups, pruneBackups } from './backup.ts';
import { LocalObjectStore } from './storage/local.ts';

const BINARY = { contentType: 'application/octet-stream' };

describe('pruneBackups', () => {
  let dir: string;
  let store: LocalObjectStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rcr-prune-'));
    store = await LocalObjectStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A backup's objects: its dumps, and its manifest when complete. */
  const backup = async (id: string, complete: boolean) => {
    for (const schema of ['identity', 'content'])
      await store.put(`backups/${id}/${schema}.dump`, Buffer.from(`${id} ${schema}`), BINARY);
    if (complete) await store.put(`backups/${id}/manifest.json`, Buffer.from(JSON.stringify({ id })), BINARY);
  };
  const keys = async () => (await store.list('backups/')).items.map((item) => item.key).sort();

  it('when there are more complete backups than kept, then the oldest go with every object they had', async () => {
    for (const id of ['20261201T000000000Z', '20261201T010000000Z', '20261201T020000000Z'])
      await backup(id, true);
    const pruned = await pruneBackups(store, 2);
    expect(pruned).toEqual({
      removed: ['20261201T000000000Z'],
      kept: ['20261201T010000000Z', '20261201T020000000Z'],
    });
    expect(await listBackups(store)).toEqual(pruned.kept);
    expect((await keys()).filter((key) => key.includes('20261201T000000000Z'))).toEqual([]);
  });

  it('when a run died mid-backup, then its incomplete dumps go once older than every kept backup; a newer one (maybe still being written) stays', async () => {
    await backup('20261201T000000000Z', false);
    await backup('20261201T010000000Z', true);
    await backup('20261201T020000000Z', true);
    await backup('20261201T030000000Z', false);
    const pruned = await pruneBackups(store, 2);
    expect(pruned.removed).toEqual(['20261201T000000000Z']);
    expect(await keys()).toEqual([
      ...['20261201T010000000Z', '20261201T020000000Z'].flatMap((id) => [
        `backups/${id}/content.dump`,
        `backups/${id}/identity.dump`,
        `backups/${id}/manifest.json`,
      ]),
      'backups/20261201T030000000Z/content.dump',
      'backups/20261201T030000000Z/identity.dump',
    ]);
  });

  it('when nothing is complete yet, then nothing is removed; when fewer are complete than kept, then only older incomplete ones go', async () => {
    await backup('20261201T000000000Z', false);
    expect((await pruneBackups(store, 2)).removed).toEqual([]);
    expect(await keys()).toHaveLength(2);
    await backup('20261201T010000000Z', true);
    await backup('20261201T020000000Z', true);
    expect(await pruneBackups(store, 3)).toEqual({
      removed: ['20261201T000000000Z'],
      kept: ['20261201T010000000Z', '20261201T020000000Z'],
    });
    expect(await keys()).toHaveLength(6);
    await expect(pruneBackups(store, 0)).rejects.toThrow(/at least one/);
  });
});
