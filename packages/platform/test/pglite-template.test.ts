import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePgliteTemplate, PgliteHost, type PgliteTemplate } from '../src/db/pglite.ts';

// A template is an initialised database made once and copied into every new data directory (ADR 0016).
// These tests initialise real PGlite databases on disk (seconds each), so they share one template.

describe('PgliteHost with a template', () => {
  let root = '';
  let cacheDir = '';
  let prepared = 0;
  const template = (key: string): PgliteTemplate => ({
    cacheDir,
    key,
    prepare: async (host) => {
      prepared += 1;
      const db = await host.database('shop');
      await db.exec(`CREATE TABLE items (name text PRIMARY KEY); INSERT INTO items VALUES ('${key}')`);
      await db.close();
    },
  });
  const names = async (host: PgliteHost) => {
    const db = await host.database('shop');
    const rows = await db.query<{ name: string }>('SELECT name FROM items ORDER BY name');
    return rows.map((row) => row.name);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rcr-pglite-template-'));
    cacheDir = join(root, 'cache');
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('when two new data directories are opened, then the template is made once and each gets its own copy', async () => {
    const first = await PgliteHost.open({ dataDir: join(root, 'a', 'db'), template: template('v1') });
    try {
      expect(await names(first)).toEqual(['v1']);
      const db = await first.database('shop');
      await db.query(`INSERT INTO items VALUES ('only in a')`);
    } finally {
      await first.close();
    }
    // An empty directory (made by an operator beforehand) counts as new.
    await mkdir(join(root, 'b', 'db'), { recursive: true });
    const second = await PgliteHost.open({ dataDir: join(root, 'b', 'db'), template: template('v1') });
    try {
      expect(await names(second)).toEqual(['v1']);
    } finally {
      await second.close();
    }
    expect(prepared).toBe(1);
    const made = (await readdir(cacheDir)).filter((entry) => entry.startsWith('pglite-template-'));
    expect(made).toHaveLength(1);
    // Nothing is left aside by the copies.
    expect((await readdir(join(root, 'a'))).sort()).toEqual(['db']);
  }, 180_000);

  it('when a data directory already holds a database, then it is opened as it is', async () => {
    const again = await PgliteHost.open({ dataDir: join(root, 'a', 'db'), template: template('v1') });
    try {
      expect(await names(again)).toEqual(['only in a', 'v1']);
    } finally {
      await again.close();
    }
    expect(prepared).toBe(1);
  }, 60_000);

  it('when the key changes, then a new template is made and the old one removed', async () => {
    const before = await readdir(cacheDir);
    const path = await ensurePgliteTemplate({ template: template('v2') });
    expect(prepared).toBe(2);
    expect(await readdir(cacheDir)).toEqual([path.split('/').pop()]);
    expect(before).not.toContain(path.split('/').pop());
    const host = await PgliteHost.open({ dataDir: join(root, 'c', 'db'), template: template('v2') });
    try {
      expect(await names(host)).toEqual(['v2']);
    } finally {
      await host.close();
    }
  }, 180_000);

  it('when a data directory holds other files but no database, then the template is not copied over them', async () => {
    const dataDir = join(root, 'd', 'db');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'notes.txt'), 'mine');
    // PGlite's own behaviour without a template: it initialises a database next to the files.
    const host = await PgliteHost.open({ dataDir, template: template('v2') });
    try {
      const db = await host.database('shop');
      expect(await db.query(`SELECT to_regclass('items') AS t`)).toEqual([{ t: null }]);
    } finally {
      await host.close();
    }
    expect(existsSync(join(dataDir, 'notes.txt'))).toBe(true);
    expect(prepared).toBe(2);
  }, 60_000);
});
