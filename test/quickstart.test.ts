import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnScript, waitUntil, type ServiceProcess } from '../scripts/processes.ts';
import { ApiClient } from './support/client.ts';

/** `npm start` exactly as the README runs it (scripts/start-embedded.ts), on a fresh data directory. */
describe('npm start (embedded, demo data)', () => {
  let dataDir = '';
  let running: ServiceProcess | undefined;

  afterAll(async () => {
    await running?.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(port: number): Promise<{ process: ServiceProcess; banner: string }> {
    // Exactly what `npm start` runs: the bundled system (ADR 0016).
    const process = spawnScript(
      'scripts/bundled.mjs',
      {
        RCR_DATA_DIR: dataDir,
        PORT: String(port),
        PARTNER_GRPC_PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      { args: ['start'] },
    );
    running = process;
    await waitUntil(
      'the start banner',
      async () => process.output.some((l) => l.includes('Press Ctrl+C')),
      120_000,
      process,
    );
    return { process, banner: process.output.join('\n') };
  }

  it('when started on a fresh data dir, then it seeds demo reviews, prints URLs and credentials, and keeps the data across a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rcr-quickstart-'));
    const port = await freePort();
    const first = await start(port);
    const startup = /started in ([\d.]+) s/.exec(first.banner)?.[1];
    console.log(`npm start on a fresh data dir: ${startup} s to serving (demo data follows)`);
    expect(first.banner).toContain(`http://127.0.0.1:${port}/v1/content`);
    expect(first.banner).toContain(`http://127.0.0.1:${port}/docs`);
    expect(first.banner).toMatch(/Partner gRPC {4}127\.0\.0\.1:\d+ /);
    expect(first.banner).toContain(`http://127.0.0.1:${port}/graphql`);
    expect(first.banner).toContain(`ws://127.0.0.1:${port}/v1/ws`);
    expect(first.banner).toMatch(/5 demo reviews published/);
    expect(first.banner).toContain('editor@rcr.local / editor-demo-password');

    const api = new ApiClient(`http://127.0.0.1:${port}`);
    const content = await api.request<{
      data: { language: string; author: { name: string } }[];
      meta: { total: number };
    }>('GET', '/v1/content');
    expect(content.status).toBe(200);
    expect(content.body.meta.total).toBe(5);
    expect(new Set(content.body.data.map((r) => r.language))).toEqual(new Set(['es', 'en']));
    expect(content.body.data.every((r) => r.author.name.length > 0)).toBe(true);
    await api.login('editor@rcr.local', 'editor-demo-password');

    expect(await first.process.kill('SIGTERM')).toBe(0);

    const second = await start(port);
    const restart = /started in ([\d.]+) s/.exec(second.banner)?.[1];
    console.log(`npm start on existing data: ${restart} s`);
    expect(second.banner).not.toMatch(/demo reviews published/);
    const again = await api.request<{ meta: { total: number } }>('GET', '/v1/content');
    expect(again.body.meta.total).toBe(5);
    await api.login('admin@rcr.local', 'admin-demo-password');
    expect(await second.process.kill('SIGTERM')).toBe(0);
  }, 240_000);

  it('when started with RCR_DATA_DIR=memory://, then it runs in memory: seeded, nothing written to disk', async () => {
    dataDir = 'memory://';
    const port = await freePort();
    const { process, banner } = await start(port);

    expect(banner).toContain('Data directory  memory:// (in memory: gone when it stops)');
    expect(banner).toMatch(/5 demo reviews published/);
    const content = await new ApiClient(`http://127.0.0.1:${port}`).request<{ meta: { total: number } }>(
      'GET',
      '/v1/content',
    );
    expect(content.body.meta.total).toBe(5);
    // It was taken for a relative path: a directory `memory:` in the working directory, reused next time.
    expect(existsSync(join(import.meta.dirname, '..', 'memory:'))).toBe(false);
    expect(await process.kill('SIGTERM')).toBe(0);
    dataDir = '';
  }, 120_000);
});
