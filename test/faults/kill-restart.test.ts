import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackEnd } from '../support/distributed.ts';
import { distributedAvailable } from '../support/infra.ts';
import {
  faultPoints,
  figuresTable,
  startRig,
  writeUnderFaults,
  type FaultRig,
  type Figures,
} from './write-load.ts';

// Every process of distributed mode, in turn, is killed (SIGKILL) at random points of a write load and
// restarted, as an orchestrator would; then everything acknowledged is read back from every place it must
// have reached. `npm run faults` runs it at full size (FAULTS_SCALE=full: 2,000 writes and 50 kills per
// process); `npm test` at a small one (FAULTS_WRITES / FAULTS_KILLS override either), printing which.

const available = await distributedAvailable('kill and restart every process under load');
const FULL = process.env.FAULTS_SCALE === 'full';
const WRITES = Number(process.env.FAULTS_WRITES ?? (FULL ? 2000 : 24));
const KILLS = Number(process.env.FAULTS_KILLS ?? (FULL ? 50 : 2));

type Target = BackEnd | 'gateway';
const TARGETS: Target[] = ['gateway', 'identity', 'reviews', 'content', 'webhooks', 'jobs', 'media'];

describe.skipIf(!available)(
  'every process killed and restarted under a write load (distributed mode)',
  () => {
    let rig: FaultRig;
    const table: Figures[] = [];

    beforeAll(async () => {
      rig = await startRig();
      console.log(
        `kill/restart faults: ${WRITES} writes and ${KILLS} kills per process` +
          (FULL ? ' (full size)' : ' (small size for npm test; `npm run faults` runs 2,000 and 50)'),
      );
    }, 180_000);

    afterAll(async () => {
      if (table.length > 0) console.log(figuresTable(table, 'kills'));
      await rig?.stop();
    });

    /** Kills `target` (SIGKILL); the returned function starts it again and waits until it serves. */
    async function kill(target: Target): Promise<() => Promise<void>> {
      const { system } = rig;
      if (target === 'gateway') {
        await system.gateways[0]!.process.kill('SIGKILL');
        return () => system.restartGateway(0);
      }
      await system.services[target].process.kill('SIGKILL');
      return () => system.restart(target);
    }

    for (const target of TARGETS) {
      it(
        `when ${target} is killed at ${KILLS} random points of ${WRITES} writes and restarted, then nothing acknowledged is lost or applied twice`,
        async () => {
          const figures = await writeUnderFaults(rig, target, WRITES, faultPoints(WRITES, KILLS), () =>
            kill(target),
          );
          table.push(figures);
          expect(figures.faults).toBe(KILLS);
          expect(figures.lostIn).toEqual(Object.fromEntries(Object.keys(figures.lostIn).map((k) => [k, 0])));
          expect(figures.duplicated).toBe(0);
          expect(figures.acknowledged).toBeGreaterThan(0);
        },
        FULL ? 2_400_000 : 600_000,
      );
    }
  },
);
