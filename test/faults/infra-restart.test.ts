import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributedAvailable } from '../support/infra.ts';
import {
  hasBinary,
  startPrivateNats,
  startPrivateRedis,
  type PrivateServer,
} from '../support/private-infra.ts';
import {
  faultPoints,
  figuresTable,
  startRig,
  writeUnderFaults,
  type FaultRig,
  type Figures,
} from './write-load.ts';

// NATS and Redis killed (SIGKILL) under a write load and started again: the system's own servers, from
// the machine's binaries on ports of this test, so the shared ones other tests use are not disturbed.
// Writes do not depend on the bus (the outbox holds events until NATS is back) nor on Redis (the edge
// falls back to local state); everything acknowledged must still arrive everywhere, once.

const FULL = process.env.FAULTS_SCALE === 'full';
const WRITES = Number(process.env.FAULTS_WRITES ?? (FULL ? 2000 : 24));
const RESTARTS = Number(process.env.FAULTS_RESTARTS ?? (FULL ? 10 : 2));
/** How long each server stays down. */
const DOWN_MS = FULL ? 3000 : 1500;

const binaries = (await hasBinary('nats-server')) && (await hasBinary('redis-server'));
const available = (await distributedAvailable('NATS and Redis restarted under load')) && binaries;
if (!binaries && process.env.CI === 'true')
  throw new Error('nats-server and redis-server must be installed in CI (the fault tests start their own)');

describe.skipIf(!available)('NATS and Redis restarted under a write load (distributed mode)', () => {
  let nats: PrivateServer;
  let redis: PrivateServer;
  let rig: FaultRig;
  const table: Figures[] = [];

  beforeAll(async () => {
    nats = await startPrivateNats();
    redis = await startPrivateRedis();
    rig = await startRig(undefined, { NATS_URL: nats.url, REDIS_URL: redis.url });
  }, 180_000);

  afterAll(async () => {
    if (table.length > 0) console.log(figuresTable(table, 'restarts'));
    await rig?.stop();
    await nats?.close();
    await redis?.close();
  });

  for (const [name, server] of [
    ['nats', () => nats],
    ['redis', () => redis],
  ] as const) {
    it(
      `when ${name} is killed ${RESTARTS} times during ${WRITES} writes and started again, then nothing acknowledged is lost or applied twice`,
      async () => {
        const figures = await writeUnderFaults(rig, name, WRITES, faultPoints(WRITES, RESTARTS), async () => {
          await server().kill('SIGKILL');
          return async () => {
            await new Promise((r) => setTimeout(r, DOWN_MS));
            await server().start();
          };
        });
        table.push(figures);
        expect(figures.faults).toBe(RESTARTS);
        expect(figures.lostIn).toEqual(Object.fromEntries(Object.keys(figures.lostIn).map((k) => [k, 0])));
        expect(figures.duplicated).toBe(0);
        expect(figures.acknowledged).toBe(WRITES);
      },
      FULL ? 2_400_000 : 600_000,
    );
  }
});
