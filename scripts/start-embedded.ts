import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger, stopOnSignals } from '@rcr/platform';
import { DEMO_EDITOR } from './demo-data.ts';
import { startEmbeddedSystem } from './embedded.ts';
import { seedDemo } from './seed-demo.ts';

// `npm start` (through scripts/bundled.mjs, ADR 0016): the whole system in one process with demo data.
// Demo credentials apply only when the operator sets none; they are printed below so a newcomer can
// sign in at once.
performance.mark('rcr:modules loaded');
// The start began when the launcher did (scripts/bundled.mjs relaunches Node on Linux), else with this
// process: "started in" counts Node's own start and the loading of every module too.
const started =
  process.env.RCR_LAUNCHER_PID === String(process.ppid) && process.env.RCR_LAUNCHED_AT
    ? Number(process.env.RCR_LAUNCHED_AT)
    : performance.timeOrigin;
const env = {
  ...process.env,
  // `memory://…` keeps everything in memory (nothing written, gone when the process stops); anything
  // else is a directory, relative to where the start was run.
  RCR_DATA_DIR: process.env.RCR_DATA_DIR?.startsWith('memory://')
    ? process.env.RCR_DATA_DIR
    : resolve(process.env.RCR_DATA_DIR ?? './data'),
  RCR_ADMIN_EMAIL: process.env.RCR_ADMIN_EMAIL ?? 'admin@rcr.local',
  RCR_ADMIN_PASSWORD: process.env.RCR_ADMIN_PASSWORD ?? 'admin-demo-password',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // A development system: webhook endpoints may be local receivers (any other deployment allows only
  // public addresses unless told otherwise).
  RCR_WEBHOOK_ALLOWED_HOSTS: process.env.RCR_WEBHOOK_ALLOWED_HOSTS ?? 'localhost,127.0.0.0/8,::1',
};
const log = createLogger('rcr', env.LOG_LEVEL);
// Seed a database created by this start (also when an older layout left only the marker behind).
const inMemory = env.RCR_DATA_DIR.startsWith('memory://');
const freshDatabase = inMemory || !existsSync(join(env.RCR_DATA_DIR, 'db'));
const system = await startEmbeddedSystem(env, log);
stopOnSignals(() => system.stop(), log);

const url = system.gateway.url;
performance.mark('rcr:ready');
// Ready: every service serves and the gateway answers. The banner says so at once; demo data for a new
// data directory is loaded right after, through the public API, while the system already serves.
console.log(`
rcr is running (embedded mode) — started in ${((Date.now() - started) / 1000).toFixed(1)} s

  REST API        ${url}/v1/content
  Cameras         ${url}/v1/cameras
  API reference   ${url}/docs  ·  ${url}/openapi.json
  Socket.IO       ${url}/socket.io  (emit "subscribe" {"room":"feed"})
  Events (SSE)    ${url}/v1/events?topics=feed  ·  WebSocket ${url.replace(/^http/, 'ws')}/v1/ws
  GraphQL         ${url}/graphql  (subscriptions over graphql-ws on the same path)
  Partner gRPC    ${system.gateway.partnerGrpc}  (rcr.partner.v1, reflection on; x-api-key from POST /v1/admin/partner-keys)
  Health          ${url}/healthz  ·  ${url}/readyz
  Data directory  ${inMemory ? `${env.RCR_DATA_DIR} (in memory: gone when it stops)` : env.RCR_DATA_DIR}

  Admin           ${env.RCR_ADMIN_EMAIL} / ${process.env.RCR_ADMIN_PASSWORD ? '(from RCR_ADMIN_PASSWORD)' : env.RCR_ADMIN_PASSWORD}
  Demo editor     ${DEMO_EDITOR.email} / ${DEMO_EDITOR.password}`);
if (process.env.RCR_STARTUP_PHASES === 'true') console.log(`  Start-up phases ${startupPhases(started)}`);

/**
 * When each step of this start ended (`performance.mark('rcr:…')` along the way), in ms since the start
 * began: `npm run bench -- startup` prints them.
 */
function startupPhases(since: number): string {
  const offset = performance.timeOrigin - since;
  return performance
    .getEntriesByType('mark')
    .filter((mark) => mark.name.startsWith('rcr:'))
    .map((mark) => `${mark.name.slice(4)}=${Math.round(offset + mark.startTime)}`)
    .join(', ');
}

const marker = join(env.RCR_DATA_DIR, '.demo-seeded');
if (process.env.RCR_SEED_DEMO !== 'false' && (freshDatabase || !existsSync(marker))) {
  // Stopped while seeding (Ctrl+C right after the banner): the calls fail as the system stops, which is
  // no error; the next start completes the demo data.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopping = true));
  const seeding = Date.now();
  const seeded = await seedDemo(url, { email: env.RCR_ADMIN_EMAIL, password: env.RCR_ADMIN_PASSWORD }).catch(
    (err: unknown) => {
      if (stopping) return undefined;
      throw err;
    },
  );
  if (seeded !== undefined) {
    if (!inMemory) {
      await mkdir(env.RCR_DATA_DIR, { recursive: true });
      await writeFile(marker, new Date().toISOString());
    }
    console.log(
      `  Demo data       ${seeded} demo reviews published (${((Date.now() - seeding) / 1000).toFixed(1)} s)`,
    );
    console.log('\nPress Ctrl+C to stop.');
  }
} else {
  console.log('\nPress Ctrl+C to stop.');
}
