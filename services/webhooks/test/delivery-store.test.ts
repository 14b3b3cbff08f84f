import { fileURLToPath } from 'node:url';
import { newId, openServiceDatabase, type Database } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimDueDeliveries,
  insertDeliveries,
  pruneFinishedDeliveries,
  settleDelivery,
} from '../src/store/delivery-repository.ts';
import { insertEndpoint } from '../src/store/endpoint-repository.ts';

// The delivery rows against a real (PGlite) database: what a worker may claim, and what the log keeps.

let db: Database;
const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));

beforeAll(async () => {
  db = await openServiceDatabase({ RCR_DATA_DIR: 'memory://' }, 'webhooks', MIGRATIONS);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

async function endpointWith(deliveries: number): Promise<{ endpointId: string; ids: string[] }> {
  const endpointId = newId();
  await insertEndpoint(db, {
    id: endpointId,
    url: 'https://hooks.example.com/',
    description: '',
    events: ['camera.created'],
    secret: 'enc:v1:test',
    createdBy: newId(),
  });
  const ids: string[] = [];
  for (let i = 0; i < deliveries; i++) {
    const id = newId();
    ids.push(id);
    await insertDeliveries(db, [{ id, endpointId }], { id: newId(), type: 'camera.created', body: '{}' }, 0);
  }
  return { endpointId, ids };
}

const claim = (options: Partial<Parameters<typeof claimDueDeliveries>[1]> = {}) =>
  claimDueDeliveries(db, {
    token: newId(),
    leaseMs: 60_000,
    limit: 100,
    perEndpoint: 100,
    skip: [],
    ...options,
  });

describe('claiming due deliveries', () => {
  it('when a delivery is claimed, then no other claim gets it until its lease runs out', async () => {
    const { ids } = await endpointWith(2);
    const first = await claim({ leaseMs: 300 });
    expect(first.map((d) => d.id)).toEqual(expect.arrayContaining(ids));
    expect((await claim()).filter((d) => ids.includes(d.id))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await claim()).map((d) => d.id)).toEqual(expect.arrayContaining(ids));
  });

  it('when an endpoint has many due deliveries, then one claim takes at most its share, and none of a skipped endpoint', async () => {
    const busy = await endpointWith(5);
    const other = await endpointWith(2);
    const claimed = await claim({ perEndpoint: 2, skip: [other.endpointId] });
    expect(claimed.filter((d) => d.endpointId === busy.endpointId)).toHaveLength(2);
    expect(claimed.filter((d) => d.endpointId === other.endpointId)).toHaveLength(0);
  });

  it('when a delivery succeeded or is not due yet, then it is not claimed', async () => {
    const { ids } = await endpointWith(2);
    await settleDelivery(db, ids[0] as string, { status: 'succeeded' });
    await settleDelivery(db, ids[1] as string, {
      status: 'pending',
      nextAttemptAt: new Date(Date.now() + 60_000),
    });
    expect((await claim()).filter((d) => ids.includes(d.id))).toEqual([]);
  });
});

describe('pruning the delivery log', () => {
  it('when finished deliveries are older than the retention, then they go; pending ones stay', async () => {
    const { ids } = await endpointWith(3);
    await settleDelivery(db, ids[0] as string, { status: 'succeeded' });
    await settleDelivery(db, ids[1] as string, { status: 'failed' });
    await db.query(
      `UPDATE deliveries SET created_at = now() - interval '40 days' WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    expect(await pruneFinishedDeliveries(db, 30 * 86_400_000)).toBeGreaterThanOrEqual(2);
    const left = await db.query<{ id: string }>('SELECT id FROM deliveries WHERE id = ANY ($1::uuid[])', [
      ids,
    ]);
    expect(left.map((row) => row.id)).toEqual([ids[2]]);
  });
});
