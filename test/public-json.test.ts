import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { etagOfBody } from '../services/gateway/src/rest/conventions.ts';
import { ContentSchema, envelopeOf, listEnvelopeOf } from '../services/gateway/src/rest/schemas.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { startTestSystem } from './support/system.ts';

/*
 * Published reviews are sent as the JSON the read model stored when the events were applied, passed
 * through the gateway as bytes (ADR 0015). These tests hold those bytes to what the gateway's own
 * serializer made of the same answer before: same schema, same key order, same ETag, in both modes.
 */

const ListSchema = listEnvelopeOf(ContentSchema);
const ItemSchema = envelopeOf(ContentSchema);
type Review = z.infer<typeof ContentSchema>;

/** A GET as raw text: the body is compared byte for byte, so it is not parsed by the client. */
async function raw(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * What the route's serializer would have written for this body: validated against the response schema,
 * encoded, stringified. Equal to the body sent means the passthrough changed nothing a client can see.
 */
function reserialised(schema: z.ZodType, text: string): string {
  return JSON.stringify(z.encode(schema, schema.parse(JSON.parse(text))));
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the read model never showed the change');
}

/** The checks, against one running system (its gateway's URL). */
function publicJsonSuite(gatewayUrl: () => string) {
  let api: ApiClient;
  let editor: { id: string; token: string; admin: string };
  let camera: { id: string; brand: string; model: string };
  const slugs: string[] = [];

  beforeAll(async () => {
    api = new ApiClient(gatewayUrl());
    const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const email = `json-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@test.rcr`;
    const created = await api.must<{ id: string }>(
      'POST',
      '/v1/editors',
      { email, name: 'Ada "Autora" Ñúñez', password: 'editor-password-1', role: 'editor' },
      admin,
      201,
    );
    const token = (await api.login(email, 'editor-password-1')).accessToken;
    editor = { id: created.id, token, admin };
    const body = cameraBody();
    camera = { ...body, id: (await api.must<{ id: string }>('POST', '/v1/cameras', body, token, 201)).id };
    const reviews = [
      reviewBody(camera.id, { title: 'Comillas "dobles", barra \\ y </script>', rating: 9 }),
      reviewBody(camera.id, {
        // What JSON must escape or may not leave raw (line breaks, tabs, U+2028/2029) is in the body: a
        // title is one line of text (control characters are refused there, and in a body all but these).
        title: 'Emoji 📷 and «comillas» ‘curvas’',
        body: 'Tab\there; line\nbreaks\r\n\u2028 and \u2029 too.',
        rating: 7.5,
        pros: [],
        cons: ['Ünïcode', 'más'],
        language: 'en',
      }),
      reviewBody(camera.id, { title: 'Una tercera opinión', rating: 6 }),
    ];
    for (const review of reviews) {
      const { id, slug } = await api.must<{ id: string; slug: string }>(
        'POST',
        '/v1/reviews',
        review,
        token,
        201,
      );
      await api.must('POST', `/v1/reviews/${id}/publish`, undefined, token);
      slugs.push(slug);
    }
    await eventually(
      () => raw(gatewayUrl(), `/v1/content?camera=${camera.id}`),
      (res) => res.status === 200 && (JSON.parse(res.text) as { meta: { total: number } }).meta.total === 3,
    );
  }, 60_000);

  it('when a page of reviews is read, then its bytes are what the schema serialiser writes, with the current names', async () => {
    for (const path of [
      `/v1/content?camera=${camera.id}`,
      `/v1/content?camera=${camera.id}&limit=2`,
      `/v1/cameras/${camera.id}/reviews?limit=2&page=2`,
    ]) {
      const res = await raw(gatewayUrl(), path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.text, path).toBe(reserialised(ListSchema, res.text));
      expect(res.headers.get('etag'), path).toBe(etagOfBody(JSON.parse(res.text), 'json'));
    }
    const page = ListSchema.parse(
      JSON.parse((await raw(gatewayUrl(), `/v1/content?camera=${camera.id}`)).text),
    );
    expect(page.data.map((review: Review) => review.slug).sort()).toEqual([...slugs].sort());
    for (const review of page.data) {
      expect(review.camera).toEqual({ id: camera.id, name: `${camera.brand} ${camera.model}` });
      expect(review.author).toEqual({ id: editor.id, name: 'Ada "Autora" Ñúñez' });
    }
    const tricky = page.data.find((review: Review) => review.title.startsWith('Emoji'));
    expect(tricky).toMatchObject({
      title: 'Emoji 📷 and «comillas» ‘curvas’',
      body: 'Tab\there; line\nbreaks\r\n\u2028 and \u2029 too.',
      rating: 7.5,
      cons: ['Ünïcode', 'más'],
    });
  });

  it('when one review is read, then its bytes are what the schema serialiser writes; repeated, from the cache and 304', async () => {
    const path = `/v1/content/${slugs[0]}`;
    const first = await raw(gatewayUrl(), path);
    expect(first.status).toBe(200);
    expect(first.text).toBe(reserialised(ItemSchema, first.text));
    const etag = first.headers.get('etag') as string;
    expect(etag).toBe(etagOfBody(JSON.parse(first.text), 'json'));
    const again = await eventually(
      () => raw(gatewayUrl(), path, { 'x-request-id': 'json-again' }),
      (res) => res.headers.get('x-cache') === 'HIT',
    );
    expect(again.headers.get('etag')).toBe(etag);
    const data = (text: string) => (JSON.parse(text) as { data: unknown }).data;
    expect(data(again.text)).toEqual(data(first.text));
    expect(again.text).toBe(reserialised(ItemSchema, again.text));
    expect((JSON.parse(again.text) as { meta: { requestId: string } }).meta.requestId).toBe('json-again');
    const notModified = await raw(gatewayUrl(), path, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
  });

  it('when a client asks for XML, then the passed-through JSON is converted like any other answer', async () => {
    const res = await raw(gatewayUrl(), `/v1/content?camera=${camera.id}`, { accept: 'application/xml' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/-x"$/);
    expect(res.text).toContain('<title>Una tercera opinión</title>');
    expect(res.text).toContain(`<camera><id>${camera.id}</id>`);
  });

  it('when the camera and the editor are renamed, then every stored review shows the new names', async () => {
    await api.must('PATCH', `/v1/cameras/${camera.id}`, { model: `${camera.model}-R` }, editor.token);
    await api.must('PATCH', `/v1/editors/${editor.id}`, { name: 'Ada Renombrada' }, editor.admin);
    const current = (review: Review) =>
      review.camera.name === `${camera.brand} ${camera.model}-R` && review.author.name === 'Ada Renombrada';
    const list = await eventually(
      () => raw(gatewayUrl(), `/v1/content?camera=${camera.id}`),
      (res) => res.status === 200 && ListSchema.parse(JSON.parse(res.text)).data.every(current),
    );
    expect(list.text).toBe(reserialised(ListSchema, list.text));
    const one = await eventually(
      () => raw(gatewayUrl(), `/v1/content/${slugs[1]}`),
      (res) => res.status === 200 && current(ItemSchema.parse(JSON.parse(res.text)).data),
    );
    expect(one.text).toBe(reserialised(ItemSchema, one.text));
  });
}

describe('published reviews as stored JSON (embedded)', () => {
  let system: EmbeddedSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });
  publicJsonSuite(() => system.gateway.url);
});

const available = await distributedAvailable('published reviews as stored JSON');

describe.skipIf(!available)('published reviews as stored JSON (distributed)', () => {
  let system: DistributedSystem;
  beforeAll(async () => {
    system = await startDistributedSystem(1);
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
  });
  publicJsonSuite(() => system.gateways[0]!.url);
});
