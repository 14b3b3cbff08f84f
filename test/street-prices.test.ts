import type { EventData } from '@rcr/contracts';
import { newEvent, newId, type EventBus } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

/**
 * Street prices (`price.updated`, the partner price feed) through a running embedded system: the events
 * are published on the bus as the webhooks service would, and read back over REST and GraphQL.
 */

interface StreetPrice {
  retailer: string;
  price: number;
  currency: string;
  url: string;
  observedAt: string;
}
interface CameraRead {
  id: string;
  streetPrices: StreetPrice[];
  lowestPrices: StreetPrice[];
}

let system: EmbeddedSystem;
let bus: EventBus;
let api: ApiClient;
let admin: string;

beforeAll(async () => {
  system = await startTestSystem();
  if (!system.bus) throw new Error('the embedded system has no in-process bus');
  bus = system.bus;
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** An instant `minutes` after a fixed base, so tests order reports without depending on the clock. */
const at = (minutes: number) => new Date(Date.UTC(2020, 0, 10, 12, minutes)).toISOString();

/**
 * Publishes a price report on the bus. Reports share `subject` (default: the camera), and the bus
 * handles the events of one subject one at a time in publish order: a later report of the same
 * subject showing up proves the earlier ones were applied.
 */
async function report(
  cameraId: string,
  data: Partial<EventData<'price.updated'>> = {},
  subject = cameraId,
): Promise<EventData<'price.updated'>> {
  const payload: EventData<'price.updated'> = {
    reportId: `msg_${newId()}`,
    cameraId,
    retailer: 'Foto Store',
    price: 1299,
    currency: 'EUR',
    url: 'https://foto-store.example/camera',
    observedAt: at(0),
    ...data,
  };
  await bus.publish(newEvent('webhooks', 'price.updated', subject, payload));
  return payload;
}

const shown = (p: EventData<'price.updated'>): StreetPrice => ({
  retailer: p.retailer,
  price: p.price,
  currency: p.currency,
  url: p.url,
  observedAt: p.observedAt,
});

async function newCamera(): Promise<string> {
  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201);
  await eventually(async () =>
    expect((await api.request('GET', `/v1/cameras/${camera.id}`)).status).toBe(200),
  );
  return camera.id;
}

async function getCamera(id: string) {
  return api.request<{ data: CameraRead }>('GET', `/v1/cameras/${id}`);
}

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${system.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

describe('street prices', () => {
  it('when a price report is published after the camera was read (and cached), then the next read shows it, with a new ETag', async () => {
    const id = await newCamera();
    const before = await getCamera(id);
    expect(before.body.data).toMatchObject({ streetPrices: [], lowestPrices: [] });
    expect((await getCamera(id)).headers.get('x-cache')).toBe('HIT');
    const etag = before.headers.get('etag') as string;

    const price = await report(id, { price: 1249.9 });

    await eventually(async () => {
      const after = await getCamera(id);
      expect(after.body.data.streetPrices).toEqual([shown(price)]);
    });
    const after = await getCamera(id);
    expect(after.body.data.lowestPrices).toEqual([shown(price)]);
    expect(after.headers.get('etag')).not.toBe(etag);
    const revalidated = await api.request('GET', `/v1/cameras/${id}`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(200);
    // The ETag still maps to the camera's version for writes.
    expect(after.headers.get('etag')).toMatch(/^"v1\.0\.0\.p[0-9a-f]{16}"$/);
    const patched = await api.request('PATCH', `/v1/cameras/${id}`, {
      body: { specs: { megapixels: 25 } },
      token: admin,
      headers: { 'if-match': after.headers.get('etag') as string },
    });
    expect(patched.status).toBe(200);
  });

  it('when prices come from several retailers and currencies, then they are by currency and cheapest first, with the lowest per currency, in reads and lists', async () => {
    const id = await newCamera();
    const a = await report(id, { retailer: 'Alpha', price: 1399, currency: 'EUR' });
    const b = await report(id, { retailer: 'Beta', price: 1299, currency: 'EUR' });
    const c = await report(id, { retailer: 'Camera Hub', price: 1499, currency: 'USD' });

    await eventually(async () => {
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(b), shown(a), shown(c)]);
    });
    expect((await getCamera(id)).body.data.lowestPrices).toEqual([shown(b), shown(c)]);
    const model = (await getCamera(id)).body.data as CameraRead & { model: string };
    const list = await api.request<{ data: CameraRead[] }>(
      'GET',
      `/v1/cameras?q=${encodeURIComponent(model.model)}`,
    );
    expect(list.body.data.find((item) => item.id === id)).toMatchObject({
      streetPrices: [shown(b), shown(a), shown(c)],
      lowestPrices: [shown(b), shown(c)],
    });
  });

  it('when an older report of a retailer arrives after a newer one, then the newer price stays; a later one replaces it', async () => {
    const id = await newCamera();
    const newer = await report(id, { price: 1100, observedAt: at(30) });
    await eventually(async () =>
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(newer)]),
    );

    await report(id, { price: 900, observedAt: at(10) });
    // Same subject, published after the older report: once it shows, the older one was handled.
    const marker = await report(id, { retailer: 'Marker', price: 5000, observedAt: at(10) });
    await eventually(async () =>
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(newer), shown(marker)]),
    );

    const latest = await report(id, { price: 1050, observedAt: at(40) });
    await eventually(async () =>
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(latest), shown(marker)]),
    );
  });

  it('when a price arrives before its camera exists, then it is kept and shows once the camera is created (also to its writer reading with the consistency token)', async () => {
    const id = `early-${newId()}`;
    const subject = `feed-${newId()}`;
    const early = await report(id, { price: 777 }, subject);
    // A known camera's report on the same subject, published after: once it shows, the early one was handled.
    const known = await newCamera();
    await report(known, { retailer: 'Marker' }, subject);
    await eventually(async () => expect((await getCamera(known)).body.data.streetPrices).toHaveLength(1));
    expect((await getCamera(id)).status).toBe(404);

    const created = await api.request('PUT', `/v1/cameras/${id}`, { body: cameraBody(), token: admin });
    expect(created.status).toBe(201);
    const read = await api.request<{ data: CameraRead }>('GET', `/v1/cameras/${id}`, {
      headers: {
        authorization: `Bearer ${admin}`,
        'rcr-consistency-token': created.headers.get('rcr-consistency-token') as string,
      },
    });
    expect(read.headers.get('rcr-consistency')).toBe('reached');
    expect(read.body.data.streetPrices).toEqual([shown(early)]);
    await eventually(async () =>
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(early)]),
    );
  });

  it('when a camera is deleted, then its prices are gone with it: not shown if it comes back, nor a late report from before the deletion', async () => {
    const id = await newCamera();
    await report(id, { price: 1000, observedAt: at(0) });
    await eventually(async () => expect((await getCamera(id)).body.data.streetPrices).toHaveLength(1));

    expect((await api.request('DELETE', `/v1/cameras/${id}`, { token: admin })).status).toBe(204);
    await eventually(async () => expect((await getCamera(id)).status).toBe(404));
    // A report observed before the deletion, delivered late.
    await report(id, { retailer: 'Late', price: 950, observedAt: at(1) });

    const revived = await api.request('PUT', `/v1/cameras/${id}`, { body: cameraBody(), token: admin });
    expect(revived.status).toBe(201);
    const fresh = await report(id, { retailer: 'Fresh', price: 990, observedAt: new Date().toISOString() });
    await eventually(async () =>
      expect((await getCamera(id)).body.data.streetPrices).toEqual([shown(fresh)]),
    );
  });

  it('when cameras with street prices are compared, then each camera carries its prices and each currency is a row with the cheapest winning', async () => {
    const [a, b] = [await newCamera(), await newCamera()];
    const path = `/v1/comparisons?cameras=${a},${b}`;
    type Compared = {
      cameras: CameraRead[];
      fields: {
        field: string;
        unit: string;
        values: { cameraId: string; value: number | null }[];
        bestCameraIds: string[];
      }[];
    };
    const before = await api.request<{ data: Compared }>('GET', path);
    expect(before.body.data.fields.some((f) => f.field === 'streetPrice')).toBe(false);

    const pa = await report(a, { price: 1500 });
    const pb = await report(b, { price: 1450, retailer: 'Beta' });
    await eventually(async () => {
      const { body } = await api.request<{ data: Compared }>('GET', path);
      expect(body.data.cameras.map((c) => c.streetPrices)).toEqual([[shown(pa)], [shown(pb)]]);
      expect(body.data.fields.find((f) => f.field === 'streetPrice')).toMatchObject({
        unit: 'EUR',
        values: [
          { cameraId: a, value: 1500 },
          { cameraId: b, value: 1450 },
        ],
        bestCameraIds: [b],
      });
    });
  });

  it('when a camera is read over GraphQL, then streetPrices and lowestPrices are its fields, also in comparisons', async () => {
    const [a, b] = [await newCamera(), await newCamera()];
    const eur = await report(a, { price: 1200 });
    const usd = await report(a, { price: 1300, currency: 'USD', retailer: 'Hub' });
    await eventually(async () => expect((await getCamera(a)).body.data.streetPrices).toHaveLength(2));

    const fields = 'retailer price currency url observedAt';
    const one = await gql<{ camera: { streetPrices: StreetPrice[]; lowestPrices: StreetPrice[] } }>(
      `query ($id: ID!) { camera(id: $id) { streetPrices { ${fields} } lowestPrices { ${fields} } } }`,
      { id: a },
    );
    expect(one.camera).toEqual({
      streetPrices: [shown(eur), shown(usd)],
      lowestPrices: [shown(eur), shown(usd)],
    });

    const compared = await gql<{
      comparison: {
        cameras: { id: string; streetPrices: { price: number }[] }[];
        fields: { field: string; unit: string }[];
      };
    }>(
      `query ($ids: [ID!]!) { comparison(ids: $ids) { cameras { id streetPrices { price } } fields { field unit } } }`,
      { ids: [a, b] },
    );
    expect(compared.comparison.cameras).toEqual([
      { id: a, streetPrices: [{ price: 1200 }, { price: 1300 }] },
      { id: b, streetPrices: [] },
    ]);
    expect(compared.comparison.fields.filter((f) => f.field === 'streetPrice').map((f) => f.unit)).toEqual([
      'EUR',
      'USD',
    ]);
  });
});
