import type { EventData } from '@rcr/contracts';
import { loadConfig, newEvent, newId, openServiceDatabase, type Database, type Inbox } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentConfigSchema } from '../src/index.ts';
import { contentInbox, handleEvent } from '../src/events/subscriptions.ts';
import { findCameraSummary } from '../src/store/camera-repository.ts';
import { CONTENT_DB_EXTENSIONS, CONTENT_MIGRATIONS } from '../src/store/database.ts';
import { distributedAvailable, freshDatabase } from '../../../test/support/infra.ts';
import { TEST_INTERNAL_ENV } from '../../../test/support/internal-auth.ts';
import { cameraData } from './support/harness.ts';

// Price reports applied concurrently, as several content replicas (or one with reports published under
// different subjects) apply them: on PostgreSQL the transactions really overlap, so the latest report
// must win by locking, not by luck of ordering. Run on PGlite too (same SQL), where they cannot overlap.
const postgres = await distributedAvailable('street prices on PostgreSQL');

const targets = [
  {
    name: 'PGlite',
    open: async () => ({ url: undefined as string | undefined, drop: async () => undefined }),
  },
  ...(postgres ? [{ name: 'PostgreSQL', open: () => freshDatabase('rcr_prices') }] : []),
];

/** A minute offset from a fixed base instant. */
const at = (minutes: number) => new Date(Date.UTC(2020, 0, 10, 12, minutes)).toISOString();

function priceEvent(cameraId: string, data: Partial<EventData<'price.updated'>>) {
  const payload: EventData<'price.updated'> = {
    reportId: `msg_${newId()}`,
    cameraId,
    retailer: 'Foto Store',
    price: 1000,
    currency: 'EUR',
    url: 'https://foto-store.example/p',
    observedAt: at(0),
    ...data,
  };
  // Each report under a subject of its own: the bus orders nothing between them.
  return newEvent('webhooks', 'price.updated', `report-${payload.reportId}`, payload);
}

/** The numbers 0…n-1 in a random order. */
const shuffled = (n: number) =>
  Array.from({ length: n }, (_, i) => i)
    .map((i) => ({ i, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ i }) => i);

describe.each(targets)('street prices applied concurrently on $name', (target) => {
  let db: Database;
  let inbox: Inbox;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const database = await target.open();
    drop = database.drop;
    const config = loadConfig(contentConfigSchema, {
      ...TEST_INTERNAL_ENV,
      RCR_DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      GRPC_PORT: '0',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });
    db = await openServiceDatabase(config, 'content', CONTENT_MIGRATIONS, {
      extensions: CONTENT_DB_EXTENSIONS,
    });
    inbox = contentInbox(db);
  });

  afterAll(async () => {
    await db?.close();
  });
  afterAll(async () => drop());

  async function newCamera(): Promise<string> {
    const camera = cameraData();
    await handleEvent(inbox, newEvent('reviews', 'camera.created', camera.cameraId, camera));
    return camera.cameraId;
  }

  it('when reports of one retailer are applied at the same time in any order, then the latest observed is the one shown', async () => {
    for (let round = 0; round < 8; round++) {
      const cameraId = await newCamera();
      const reports = Array.from({ length: 12 }, (_, i) =>
        priceEvent(cameraId, { price: 1000 + i, observedAt: at(i) }),
      );
      await Promise.all(
        shuffled(reports.length).map((i) => handleEvent(inbox, reports[i] as (typeof reports)[number])),
      );
      const camera = await findCameraSummary(db, cameraId);
      expect(
        camera?.streetPrices.map((p) => p.price),
        `round ${round}`,
      ).toEqual([1011]);
    }
  });

  it('when a camera deletion and reports from before it are applied at the same time, then none of those reports is left', async () => {
    for (let round = 0; round < 8; round++) {
      const cameraId = await newCamera();
      const deletion = {
        ...newEvent('reviews', 'camera.deleted', cameraId, { cameraId, version: 2 }),
        occurredAt: at(30),
      };
      const before = Array.from({ length: 6 }, (_, i) =>
        priceEvent(cameraId, { retailer: `Shop ${i}`, price: 900 + i, observedAt: at(i) }),
      );
      const events = [deletion, ...before];
      await Promise.all(
        shuffled(events.length).map((i) => handleEvent(inbox, events[i] as (typeof events)[number])),
      );
      // Back at a newer version: only reports observed after the deletion may show.
      const revived = { ...cameraData(), cameraId, version: 3 };
      await handleEvent(inbox, newEvent('reviews', 'camera.created', cameraId, revived));
      const after = priceEvent(cameraId, { retailer: 'After', price: 999, observedAt: at(31) });
      await handleEvent(inbox, after);
      const camera = await findCameraSummary(db, cameraId);
      expect(
        camera?.streetPrices.map((p) => p.retailer),
        `round ${round}`,
      ).toEqual(['After']);
    }
  });
});
