import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ConsistencyTokens, generateConsistencyKey } from '../services/gateway/src/rest/consistency.ts';
import { startTestSystem } from './support/system.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';

type Problem = { code: string; errors?: { field: string; message: string }[] };

let system: EmbeddedSystem;
let api: ApiClient;
let token: string;
/** The gateway's read-your-writes key, so tests can mint tokens a write would not give them. */
const CONSISTENCY_KEY = generateConsistencyKey();

async function waitForContent(path: string, predicate: (body: { meta: { total: number } }) => boolean) {
  for (let i = 0; i < 100; i++) {
    const res = await api.request<{ meta: { total: number } }>('GET', path);
    if (res.status === 200 && predicate(res.body)) return res;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`content never matched for ${path}`);
}

beforeAll(async () => {
  system = await startTestSystem({ RCR_CONSISTENCY_KEY: CONSISTENCY_KEY });
  api = new ApiClient(system.gateway.url);
  token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const cameras = [
    {
      id: 'fujifilm-x100vi',
      brand: 'Fujifilm',
      model: 'X100VI',
      type: 'compact',
      specs: {
        sensorSize: 'APS-C',
        megapixels: 40.2,
        isoMin: 125,
        isoMax: 12800,
        weightGrams: 521,
        priceUsd: 1599,
      },
    },
    {
      id: 'sony-a7-iv',
      brand: 'Sony',
      model: 'A7 IV',
      type: 'mirrorless',
      specs: {
        sensorSize: 'Full frame',
        megapixels: 33,
        isoMin: 100,
        isoMax: 51200,
        weightGrams: 658,
        priceUsd: 2498,
      },
    },
  ];
  for (const { id, ...camera } of cameras) await api.must('PUT', `/v1/cameras/${id}`, camera, token, 201);
  const reviews = [
    reviewBody('fujifilm-x100vi', {
      title: 'La cámara callejera definitiva',
      rating: 9,
      verdict: 'Imprescindible',
    }),
    reviewBody('sony-a7-iv', {
      title: 'A hybrid workhorse',
      body: 'Great autofocus in the field.',
      rating: 8,
      language: 'en',
      verdict: 'Safe choice',
    }),
    reviewBody('sony-a7-iv', { title: 'Segunda opinión sobre la Sony', rating: 7, verdict: 'Buena' }),
  ];
  for (const review of reviews) {
    const created = await api.must<{ id: string }>('POST', '/v1/reviews', review, token, 201);
    await api.must('POST', `/v1/reviews/${created.id}/publish`, undefined, token);
  }
  await waitForContent('/v1/content', (b) => b.meta.total === 3);
});

afterAll(async () => {
  await system?.stop();
});

describe('search and filters (M28)', () => {
  it('when searching without accents, then accented titles are found; a typo still finds the camera', async () => {
    const accents = await api.request<{ data: { title: string }[] }>('GET', '/v1/content?q=camara');
    expect(accents.body.data.map((r) => r.title)).toContain('La cámara callejera definitiva');
    const typo = await api.request<{ data: { camera: { id: string } }[] }>('GET', '/v1/content?q=fujfilm');
    expect(typo.body.data[0]?.camera.id).toBe('fujifilm-x100vi');
  });

  it('when filtering by brand and minimum rating and sorting by rating, then only matching reviews come, in order', async () => {
    const res = await api.request<{ data: { rating: number; camera: { id: string } }[] }>(
      'GET',
      '/v1/content?brand=sony&minRating=7.5&sort=-rating',
    );
    expect(res.status).toBe(200);
    expect(res.body.data.map((r) => r.rating)).toEqual([8]);
    const all = await api.request<{ data: { rating: number }[] }>('GET', '/v1/content?sort=rating');
    expect(all.body.data.map((r) => r.rating)).toEqual([7, 8, 9]);
  });

  it('when a sort field is unknown or a date invalid, then 400 naming the parameter', async () => {
    const sort = await api.request<Problem>('GET', '/v1/content?sort=-password');
    expect(sort.status).toBe(400);
    expect(sort.body.errors?.[0]?.field).toBe('sort');
    const date = await api.request<Problem>('GET', '/v1/content?publishedAfter=yesterday');
    expect(date.status).toBe(400);
    expect(date.body.errors?.[0]?.field).toBe('publishedAfter');
  });

  it('when a numeric query parameter is not written plainly in decimal (hex, exponent, blank, empty, a fraction for an integer), then 400 naming it', async () => {
    for (const [query, field] of [
      ['page=0x2', 'page'],
      ['page=1e1', 'page'],
      ['limit=%205', 'limit'],
      ['limit=', 'limit'],
      ['limit=5.0', 'limit'],
      ['page=Infinity', 'page'],
      ['minRating=0x7', 'minRating'],
      ['minRating=7e0', 'minRating'],
      ['minRating=', 'minRating'],
    ] as const) {
      const res = await api.request<Problem>('GET', `/v1/content?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.field, query).toBe(field);
      expect(res.body.errors?.[0]?.message, query).toMatch(/written in decimal digits/);
    }
    // Plain decimals still read as before (the limit is clamped, a negative page is out of range).
    const plain = await api.request<{ meta: { page: number; limit: number } }>(
      'GET',
      '/v1/content?page=1&limit=500&minRating=7.5',
    );
    expect(plain.status).toBe(200);
    expect(plain.body.meta).toMatchObject({ page: 1, limit: 100 });
    expect((await api.request<Problem>('GET', '/v1/content?page=-1')).body.errors?.[0]?.field).toBe('page');
  });

  it('when walking with cursors, then every item comes once, in the same order as pages', async () => {
    const pages = await api.request<{ data: { id: string }[] }>('GET', '/v1/content?limit=100&sort=-rating');
    const seen: string[] = [];
    let next: string | null = '/v1/content?limit=1&sort=-rating';
    while (next) {
      const res: {
        body: {
          data: { id: string }[];
          links: { next: string | null };
          meta: { nextCursor?: string | null };
        };
      } = await api.request('GET', next);
      seen.push(...res.body.data.map((r) => r.id));
      next = res.body.links.next;
    }
    expect(seen).toEqual(pages.body.data.map((r) => r.id));
    const forged = await api.request<Problem>('GET', '/v1/content?cursor=bm9wZQ');
    expect(forged.status).toBe(400);
  });

  it('when a list is asked for a page and a cursor at once, then 400 naming page on every list with cursors, not one of them silently ignored', async () => {
    const first = await api.request<{ meta: { nextCursor: string } }>('GET', '/v1/content?limit=1');
    const cursor = encodeURIComponent(first.body.meta.nextCursor);
    for (const path of ['/v1/content', '/v1/cameras', '/v1/cameras/sony-a7-iv/reviews']) {
      const both = await api.request<Problem>('GET', `${path}?page=2&cursor=${cursor}`);
      expect([path, both.status, both.body.errors?.[0]?.field]).toEqual([path, 400, 'page']);
    }
    // Either alone still works.
    expect((await api.request('GET', `/v1/content?limit=1&cursor=${cursor}`)).status).toBe(200);
    expect((await api.request('GET', '/v1/content?limit=1&page=2')).status).toBe(200);
  });

  it('when walking cameras with cursors, sorted by an aggregate, then every camera comes once in page order', async () => {
    const all = await api.request<{ data: { id: string }[] }>(
      'GET',
      '/v1/cameras?limit=100&sort=-reviewCount,brand',
    );
    const seen: string[] = [];
    let next: string | null = '/v1/cameras?limit=1&sort=-reviewCount,brand';
    while (next) {
      const res: { body: { data: { id: string }[]; links: { next: string | null } } } = await api.request(
        'GET',
        next,
      );
      seen.push(...res.body.data.map((c) => c.id));
      next = res.body.links.next;
    }
    expect(seen).toEqual(all.body.data.map((c) => c.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const otherSort = await api.request<Problem>(
      'GET',
      `/v1/cameras?sort=brand&cursor=${encodeURIComponent(Buffer.from(JSON.stringify(['-reviewCount,brand', 1, 'sony', 'sony-a7-iv'])).toString('base64url'))}`,
    );
    expect(otherSort.status).toBe(400);
  });

  it('when cameras are listed, then each has its average rating and review count', async () => {
    const res = await api.request<{
      data: { id: string; averageRating: number | null; reviewCount: number }[];
    }>('GET', '/v1/cameras?sort=-reviewCount');
    expect(res.body.data[0]).toMatchObject({ id: 'sony-a7-iv', averageRating: 7.5, reviewCount: 2 });
  });

  it('when cameras are searched, then brand and model words match (a typo too), and a q with no word in it matches none', async () => {
    type Cameras = { data: { id: string }[]; meta: { total: number } };
    const found = await api.request<Cameras>('GET', '/v1/cameras?q=sony%20a7');
    expect(found.body.data.map((c) => c.id)).toContain('sony-a7-iv');
    const typo = await api.request<Cameras>('GET', '/v1/cameras?q=sonny');
    expect(typo.body.data.map((c) => c.id)).toContain('sony-a7-iv');
    for (const q of ['%_\\', '!!!', '-']) {
      const none = await api.request<Cameras>('GET', `/v1/cameras?q=${encodeURIComponent(q)}`);
      expect([q, none.status, none.body.meta.total, none.body.data]).toEqual([q, 200, 0, []]);
    }
  });
});

describe('comparison (M33)', () => {
  it('when two cameras are compared, then specs come in common units with the better one marked', async () => {
    const res = await api.request<{
      data: { cameras: { id: string }[]; fields: { field: string; unit: string; bestCameraIds: string[] }[] };
    }>('GET', '/v1/comparisons?cameras=fujifilm-x100vi,sony-a7-iv');
    expect(res.status).toBe(200);
    expect(res.body.data.cameras.map((c) => c.id)).toEqual(['fujifilm-x100vi', 'sony-a7-iv']);
    const field = (name: string) => res.body.data.fields.find((f) => f.field === name);
    expect(field('sensorArea')).toMatchObject({ unit: 'mm²', bestCameraIds: ['sony-a7-iv'] });
    expect(field('weight')?.bestCameraIds).toEqual(['fujifilm-x100vi']);
    expect(field('price')?.bestCameraIds).toEqual(['fujifilm-x100vi']);
    expect(field('averageRating')?.bestCameraIds).toEqual(['fujifilm-x100vi']);
  });

  it('when one or five cameras are asked, then 400; an unknown id, 404 naming it', async () => {
    expect((await api.request('GET', '/v1/comparisons?cameras=sony-a7-iv')).status).toBe(400);
    expect((await api.request('GET', '/v1/comparisons?cameras=a,b,c,d,e')).status).toBe(400);
    const unknown = await api.request<{ detail: string; status: number }>(
      'GET',
      '/v1/comparisons?cameras=sony-a7-iv,leica-m99',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('leica-m99');
  });

  it('when a camera id is not one a camera can have (upper case, a space), then 400 naming it, as on the camera path; not 404 or an empty list', async () => {
    expect((await api.request('GET', '/v1/cameras/Sony-A7-IV')).status).toBe(400);
    const compared = await api.request<Problem>('GET', '/v1/comparisons?cameras=sony-a7-iv,Fujifilm-X100VI');
    expect([compared.status, compared.body.errors?.[0]?.field]).toEqual([400, 'cameras.1']);
    for (const path of ['/v1/content?camera=Sony-A7-IV', '/v1/reviews?camera=sony%20a7']) {
      const listed = await api.request<Problem>('GET', path, { token });
      expect([path, listed.status, listed.body.errors?.[0]?.field]).toEqual([path, 400, 'camera']);
    }
    const known = await api.request<{ data: unknown[] }>('GET', '/v1/content?camera=sony-a7-iv');
    expect(known.body.data.length).toBeGreaterThan(0);
  });
});

describe('store semantics and preconditions', () => {
  it('when PUT targets a new id, then 201 + Location; again, then 200 replacing the specs', async () => {
    const body = {
      brand: 'Leica',
      model: 'Q3',
      type: 'compact',
      specs: { megapixels: 60.3, priceUsd: 5995 },
    };
    const created = await api.request('PUT', '/v1/cameras/leica-q3', { body, token });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/cameras/leica-q3');
    const replaced = await api.request<{ data: { specs: Record<string, number>; version: number } }>(
      'PUT',
      '/v1/cameras/leica-q3',
      {
        body: { ...body, specs: { megapixels: 60.3 } },
        token,
      },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.specs).toEqual({ megapixels: 60.3 });
    const stale = await api.request<Problem>('PUT', '/v1/cameras/leica-q3', {
      body,
      token,
      headers: { 'if-match': '"v1"' },
    });
    expect(stale.status).toBe(412);
    // If-Match: * (RFC 9110 §13.1.1): any current version will do, and a PUT never creates with it.
    const any = await api.request<{ data: { version: number } }>('PUT', '/v1/cameras/leica-q3', {
      body,
      token,
      headers: { 'if-match': '*' },
    });
    expect(any.status).toBe(200);
    expect(any.body.data.version).toBe(3);
    const absent = await api.request<Problem>('PUT', '/v1/cameras/leica-q9', {
      body: { ...body, model: 'Q9' },
      token,
      headers: { 'if-match': '*' },
    });
    expect([absent.status, absent.body.code]).toEqual([412, 'VERSION_MISMATCH']);
    expect((await api.request('GET', '/v1/cameras/leica-q9')).status).toBe(404);
  });

  /** A new draft review by the test's editor. */
  const newDraft = () =>
    api.must<{ id: string; version: number }>('POST', '/v1/reviews', reviewBody('sony-a7-iv'), token, 201);

  it('when a review is changed or deleted with If-Match: *, then any current version will do', async () => {
    const review = await newDraft();
    const patched = await api.request<{ data: { version: number; title: string } }>(
      'PATCH',
      `/v1/reviews/${review.id}`,
      { body: { title: 'Cualquier versión vale' }, token, headers: { 'if-match': '*' } },
    );
    expect([patched.status, patched.body.data.version]).toEqual([200, 2]);
    const deleted = await api.request('DELETE', `/v1/reviews/${review.id}`, {
      token,
      headers: { 'if-match': '*' },
    });
    expect(deleted.status).toBe(204);
  });

  it('when DELETE carries a stale If-Match, then 412 and the review survives', async () => {
    const review = await newDraft();
    const stale = await api.request('DELETE', `/v1/reviews/${review.id}`, {
      token,
      headers: { 'if-match': '"v99"' },
    });
    expect(stale.status).toBe(412);
    expect((await api.request('GET', `/v1/reviews/${review.id}`, { token })).status).toBe(200);
    expect(
      (
        await api.request('DELETE', `/v1/reviews/${review.id}`, {
          token,
          headers: { 'if-match': `"v${review.version}"` },
        })
      ).status,
    ).toBe(204);
  });

  it('when If-Match lists several entity tags, then the write happens once if one of them is current; none current, weak or foreign tags: 412 and nothing changes', async () => {
    const review = await newDraft(); // v1
    const patch = (ifMatch: string, title: string) =>
      api.request<{ data: { version: number; title: string }; code?: string }>(
        'PATCH',
        `/v1/reviews/${review.id}`,
        { body: { title }, token, headers: { 'if-match': ifMatch } },
      );
    const listed = await patch('"v7", "v1", "v3"', 'Una lista con la versión actual');
    expect([listed.status, listed.body.data.version]).toEqual([200, 2]);
    // The XML form of the tag and a foreign tag in the list: still matched by v2.
    const mixed = await patch('"abc", "v2-x"', 'La forma XML de la etiqueta');
    expect([mixed.status, mixed.body.data.version]).toEqual([200, 3]);

    // "v0" names no version (versions start at 1): never a stand-in for `*`, alone or listed.
    for (const stale of [
      '"v1", "v2"',
      'W/"v3"',
      'W/"v3", "v9"',
      '"abc"',
      '"v3" "v4"',
      ', "v3"',
      '"v0"',
      '"v00", "v2"',
    ]) {
      const refused = await patch(stale, 'No debería quedar');
      expect(refused.status, stale).toBe(412);
      expect(refused.body.code, stale).toBe('VERSION_MISMATCH');
    }
    const tooMany = Array.from({ length: 9 }, (_, i) => `"v${i + 1}"`).join(', ');
    expect((await patch(tooMany, 'Demasiadas etiquetas')).status).toBe(400);
    const now = await api.request<{ data: { version: number; title: string } }>(
      'GET',
      `/v1/reviews/${review.id}`,
      { token },
    );
    expect([now.body.data.version, now.body.data.title]).toEqual([3, 'La forma XML de la etiqueta']);

    const camera = await api.must<{ id: string; version: number }>(
      'POST',
      '/v1/cameras',
      cameraBody(),
      token,
      201,
    );
    const removed = await api.request('DELETE', `/v1/cameras/${camera.id}`, {
      token,
      headers: { 'if-match': `"v9", "v${camera.version}"` },
    });
    expect(removed.status).toBe(204);
  });

  it('when an admin lists editors by name with a role filter, then the filter and order apply', async () => {
    for (const name of ['Zoe', 'Ana']) {
      await api.must(
        'POST',
        '/v1/editors',
        { email: `${name.toLowerCase()}-${Date.now()}@test.rcr`, name, password: 'editor-password-1' },
        token,
        201,
      );
    }
    const res = await api.request<{ data: { name: string; role: string }[] }>(
      'GET',
      '/v1/editors?role=editor&sort=name',
      { token },
    );
    expect(res.body.data.every((e) => e.role === 'editor')).toBe(true);
    const names = res.body.data.map((e) => e.name);
    expect(names).toEqual([...names].sort());
  });
});

describe('public read cache and read-your-writes (M9, M20, M34)', () => {
  it('when a public read repeats, then the gateway serves it from its cache; a published edit shows up without waiting for expiry', async () => {
    const created = await api.must<{ id: string; slug: string }>(
      'POST',
      '/v1/reviews',
      reviewBody('fujifilm-x100vi', { title: 'Primera versión' }),
      token,
      201,
    );
    const published = await api.request('POST', `/v1/reviews/${created.id}/publish`, { token });
    const path = `/v1/content/${created.slug}`;
    // The token from the write makes its writer's first read wait until the read model has the review.
    const first = await api.request<{ data: { title: string } }>('GET', path, {
      token,
      headers: { 'rcr-consistency-token': published.headers.get('rcr-consistency-token') as string },
    });
    expect(first.headers.get('rcr-consistency')).toBe('reached');
    expect(first.body.data.title).toBe('Primera versión');
    await api.request('GET', path);
    const hit = await api.request<{ data: { title: string } }>('GET', path);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    // A client that asks for a fresh answer (RFC 9111 no-cache) gets the read model's, and it is kept.
    const freshHeaders: Record<string, string>[] = [{ 'cache-control': 'no-cache' }, { pragma: 'no-cache' }];
    for (const headers of freshHeaders) {
      const fresh = await api.request<{ data: { title: string } }>('GET', path, { headers });
      expect(fresh.headers.get('x-cache')).toBe('MISS');
      expect(fresh.body.data.title).toBe('Primera versión');
    }
    expect((await api.request('GET', path)).headers.get('x-cache')).toBe('HIT');

    const edited = await api.request('PATCH', `/v1/reviews/${created.id}`, {
      body: { title: 'Segunda versión' },
      token,
    });
    expect(edited.status).toBe(200);
    // Read-your-writes: with the token, the editor sees the edit at once.
    const own = await api.request<{ data: { title: string } }>('GET', path, {
      token,
      headers: { 'rcr-consistency-token': edited.headers.get('rcr-consistency-token') as string },
    });
    expect(own.headers.get('rcr-consistency')).toBe('reached');
    expect(own.body.data.title).toBe('Segunda versión');
    // Everyone else: the cache was invalidated by the event, so plain reads converge quickly too.
    let title = '';
    for (let i = 0; i < 100 && title !== 'Segunda versión'; i++) {
      title = (await api.request<{ data: { title: string } }>('GET', path)).body.data.title;
      if (title !== 'Segunda versión') await new Promise((r) => setTimeout(r, 20));
    }
    expect(title).toBe('Segunda versión');
  });

  it('when a consistency token is not one a gateway signed (garbage, an edited payload, another key), then 400 CONSISTENCY_TOKEN_INVALID', async () => {
    const camera = await api.request<{ data: { id: string } }>('POST', '/v1/cameras', {
      body: cameraBody(),
      token,
    });
    const path = `/v1/cameras/${camera.body.data.id}`;
    const real = camera.headers.get('rcr-consistency-token') as string;
    const [header, payload, signature] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { w: unknown[][] };
    claims.w = [['c', camera.body.data.id, 999_999]];
    const edited = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const me = await api.request<{ data: { id: string } }>('GET', '/v1/me', { token });
    const otherKey = await new ConsistencyTokens(generateConsistencyKey()).issue(me.body.data.id, [
      { kind: 'camera', id: camera.body.data.id, version: 1 },
    ]);

    for (const forged of ['garbage', edited, otherKey]) {
      // Sent by the writer themselves: the signature alone decides.
      const res = await api.request<Problem>('GET', path, {
        token,
        headers: { 'rcr-consistency-token': forged },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'CONSISTENCY_TOKEN_INVALID' });
      expect(res.body.errors?.[0]?.field).toBe('RCR-Consistency-Token');
    }
    // The untouched token is accepted.
    const ok = await api.request('GET', path, {
      token,
      headers: { 'rcr-consistency-token': real },
    });
    expect(ok.headers.get('rcr-consistency')).toBe('reached');
  });

  describe('a valid token naming a version that never arrives', () => {
    let adminId: string;
    let neverArrives: string;
    let otherEditor: string;

    beforeAll(async () => {
      adminId = (await api.request<{ data: { id: string } }>('GET', '/v1/me', { token })).body.data.id;
      neverArrives = await new ConsistencyTokens(CONSISTENCY_KEY).issue(adminId, [
        { kind: 'camera', id: 'fujifilm-x100vi', version: 999_999 },
      ]);
      const email = `other-${Date.now()}@test.rcr`;
      await api.must(
        'POST',
        '/v1/editors',
        { email, name: 'Otra', password: 'editor-password-1' },
        token,
        201,
      );
      otherEditor = (await api.login(email, 'editor-password-1')).accessToken;
    });

    const timed = async (options: { token?: string; headers: Record<string, string> }) => {
      const started = Date.now();
      const res = await api.request('GET', '/v1/cameras/fujifilm-x100vi', options);
      return { res, ms: Date.now() - started };
    };

    it('when its writer reads with it, then the read ends at the 2 s cap: 200, RCR-Consistency: timeout', async () => {
      const { res, ms } = await timed({ token, headers: { 'rcr-consistency-token': neverArrives } });

      expect(res.status).toBe(200);
      expect(res.headers.get('rcr-consistency')).toBe('timeout');
      expect(ms).toBeGreaterThanOrEqual(1900);
      expect(ms).toBeLessThan(5000);
    });

    it('when another editor reads with it, then it is ignored: no wait', async () => {
      const { res, ms } = await timed({
        token: otherEditor,
        headers: { 'rcr-consistency-token': neverArrives },
      });

      expect(res.status).toBe(200);
      expect(res.headers.get('rcr-consistency')).toBe('ignored');
      expect(ms).toBeLessThan(1500);
    });

    it('when an anonymous reader sends it, then it is ignored: no wait, and the answer comes from the public cache', async () => {
      await api.request('GET', '/v1/cameras/fujifilm-x100vi');
      const { res, ms } = await timed({ headers: { 'rcr-consistency-token': neverArrives } });

      expect(res.status).toBe(200);
      expect(res.headers.get('rcr-consistency')).toBe('ignored');
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(ms).toBeLessThan(1500);
    });

    it('when its writer sends it after it expired, then expired: no wait', async () => {
      const old = await new ConsistencyTokens(CONSISTENCY_KEY).issue(
        adminId,
        [{ kind: 'camera', id: 'fujifilm-x100vi', version: 999_999 }],
        Date.now() - 10 * 60_000,
      );

      const { res, ms } = await timed({ token, headers: { 'rcr-consistency-token': old } });

      expect(res.status).toBe(200);
      expect(res.headers.get('rcr-consistency')).toBe('expired');
      expect(ms).toBeLessThan(1500);
    });
  });
});
