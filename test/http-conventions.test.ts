import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@rcr/gateway';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { startTestSystem } from './support/system.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';

let system: EmbeddedSystem;
let api: ApiClient;
let token: string;
let slug: string;

beforeAll(async () => {
  system = await startTestSystem({ CORS_ORIGINS: 'https://front.rcr.example' });
  api = new ApiClient(system.gateway.url);
  token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
  const review = await api.must<{ id: string; slug: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(camera.id),
    token,
    201,
  );
  await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, token);
  slug = review.slug;
  for (let i = 0; i < 100 && (await api.request('GET', `/v1/content/${slug}`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 30));
});

afterAll(async () => {
  await system?.stop();
});

describe('methods', () => {
  it('when OPTIONS is asked of a resource, then 204 with Allow listing its methods', async () => {
    const res = await api.request('OPTIONS', '/v1/reviews');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const item = await api.request('OPTIONS', '/v1/reviews/01a204c5-55fa-730d-b3af-8d223e911a07');
    expect(item.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  it('when a resource lacks the method, then 405 problem+json with Allow', async () => {
    const res = await api.request<{ code: string; status: number }>('DELETE', '/v1/content');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('when an unusual method Node knows (PROPFIND, SEARCH, PURGE) is used on a resource, then 405 with Allow', async () => {
    for (const method of ['PROPFIND', 'SEARCH', 'PURGE']) {
      const res = await api.request<{ code: string }>(method, '/v1/content');
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('when a method a resource lacks comes with a body of any kind, then 405 with Allow: the method is refused first', async () => {
    const res = await fetch(`${system.gateway.url}/v1/cameras`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'not json',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const item = await api.request<{ code: string }>('POST', `/v1/content/${slug}?lang=es`);
    expect(item.status).toBe(405);
    expect(item.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('when a path no route takes is called, then the request counts against the rate limit, even with a body that does not parse', async () => {
    const malformed = await fetch(`${system.gateway.url}/v1/nothing-here`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
    const options = await api.request('OPTIONS', '/v1/nothing-here');
    expect(options.status).toBe(404);
    expect(options.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
  });

  it('when HEAD is asked, then the headers of GET and no body', async () => {
    const get = await api.request('GET', `/v1/content/${slug}`);
    const head = await api.request('HEAD', `/v1/content/${slug}`);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
  });

  it('when a route does not exist, then 404 problem+json', async () => {
    const res = await api.request<{ code: string }>('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('caching headers', () => {
  it('when a public read is repeated, then the ETag is stable and If-None-Match gives 304 with no body', async () => {
    const first = await api.request('GET', '/v1/content?limit=5');
    const second = await api.request('GET', '/v1/content?limit=5');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const cached = await api.request('GET', '/v1/content?limit=5', {
      headers: { 'if-none-match': etag as string },
    });
    expect(cached.status).toBe(304);
    expect(cached.body).toBe('');
    const other = await api.request('GET', '/v1/content?limit=5', {
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(other.status).toBe(200);
  });

  it('when an authenticated resource is read, then it is private, no-store, with a version ETag', async () => {
    const me = await api.request('GET', '/v1/me', { token });
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    const list = await api.request<{ data: { id: string; version: number }[] }>('GET', '/v1/reviews', {
      token,
    });
    const review = list.body.data[0]!;
    const one = await api.request('GET', `/v1/reviews/${review.id}`, { token });
    expect(one.headers.get('etag')).toBe(`"v${review.version}"`);
  });
});

describe('content negotiation', () => {
  it('when XML is accepted, then the same envelope comes as XML with its own ETag', async () => {
    const json = await api.request('GET', `/v1/content/${slug}`);
    const xml = await api.request<string>('GET', `/v1/content/${slug}`, {
      headers: { accept: 'application/xml' },
    });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><response><data><id>/);
    expect(xml.body).toContain(`<slug>${slug}</slug>`);
    expect(xml.headers.get('etag')).not.toBe(json.headers.get('etag'));
  });

  it('when a JSON body declares a charset other than UTF-8, then it is 415; utf-8 in any spelling is fine', async () => {
    const login = (contentType: string) =>
      api.request<{ code?: string }>('POST', '/v1/auth/login', {
        rawBody: JSON.stringify({ email: 'nobody@test.rcr', password: 'not-the-password' }),
        headers: { 'content-type': contentType },
      });
    for (const type of ['application/json; charset=latin1', 'application/json;charset="UTF-16"']) {
      const refused = await login(type);
      expect([refused.status, refused.body.code], type).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    for (const type of [
      'application/json',
      'application/json; charset=UTF-8',
      'application/json;charset=utf8',
    ])
      expect((await login(type)).status, type).toBe(401);
  });

  it('when an error happens for an XML client, then the problem comes as XML', async () => {
    const res = await api.request<string>('GET', '/v1/content/no-such-review', {
      headers: { accept: 'application/xml' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+xml/);
    expect(res.body).toContain('<problem xmlns="urn:ietf:rfc:7807">');
  });

  it('when nothing acceptable is asked, then 406 problem', async () => {
    const res = await api.request<{ code: string }>('GET', '/v1/content', {
      headers: { accept: 'image/png' },
    });
    expect(res.status).toBe(406);
    expect(res.body.code).toBe('NOT_ACCEPTABLE');
  });

  it('when a PATCH comes as application/merge-patch+json, then it is accepted as JSON merge patch', async () => {
    const list = await api.request<{ data: { id: string }[] }>('GET', '/v1/reviews', { token });
    const id = list.body.data[0]!.id;
    const res = await api.request<{ data: { rating: number } }>('PATCH', `/v1/reviews/${id}`, {
      rawBody: JSON.stringify({ rating: 6.5 }),
      token,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.rating).toBe(6.5);
  });

  it('when a body-less POST comes with or without a JSON Content-Type, then it is no body, not an error', async () => {
    const session = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const bare = await api.request('POST', '/v1/auth/logout', { token: session.accessToken });
    expect(bare.status).toBe(204);
    const other = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const typed = await api.request('POST', '/v1/auth/logout', {
      token: other.accessToken,
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(typed.status).toBe(204);
    // Logging out without a refresh token ends every session of the admin, this file's token's too.
    token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  });

  it('when an operation that takes no body gets one, even JSON null, then 400 and nothing is done', async () => {
    for (const rawBody of ['null', '{}', '"x"']) {
      const res = await api.request<{ code: string }>('POST', `/v1/reviews/${crypto.randomUUID()}/publish`, {
        rawBody,
        token,
        headers: { 'content-type': 'application/json' },
      });
      expect({ rawBody, status: res.status, code: res.body.code }).toEqual({
        rawBody,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('when a body is text/plain, then 415', async () => {
    const res = await api.request<{ code: string }>('POST', '/v1/reviews', {
      rawBody: 'hello',
      token,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('lists and validation', () => {
  it('when limit is above 100, then it is clamped; when page is 0 or a query field unknown, then 400 naming it', async () => {
    const clamped = await api.request<{ meta: { limit: number } }>('GET', '/v1/content?limit=1000');
    expect(clamped.status).toBe(200);
    expect(clamped.body.meta.limit).toBe(100);
    // Every list clamps alike, the caller's own jobs included.
    for (const path of ['/v1/cameras', '/v1/reviews', '/v1/jobs']) {
      expect((await api.request('GET', `${path}?limit=101`, { token })).status, path).toBe(200);
    }
    const zero = await api.request<{ errors: { field: string }[] }>('GET', '/v1/content?page=0');
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0]?.field).toBe('page');
    const unknown = await api.request<{ errors: { field: string; message: string }[] }>(
      'GET',
      '/v1/content?colour=red',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'colour', message: 'is not a known field' }]);
  });

  it('when a camera the catalogue does not hold is asked for its reviews, then 404 as for the camera itself; a camera without reviews yet is an empty page', async () => {
    const unknown = await api.request<{ code: string }>('GET', '/v1/cameras/no-such-camera/reviews');
    const itself = await api.request<{ code: string }>('GET', '/v1/cameras/no-such-camera');
    expect([unknown.status, unknown.body.code]).toEqual([404, itself.body.code]);
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
    let empty = await api.request<{ data: unknown[]; meta: { total: number } }>(
      'GET',
      `/v1/cameras/${camera.id}/reviews`,
    );
    // Until the read model has the new camera, it is unknown there too.
    for (let i = 0; i < 100 && empty.status === 404; i++) {
      await new Promise((r) => setTimeout(r, 30));
      empty = await api.request('GET', `/v1/cameras/${camera.id}/reviews`);
    }
    expect([empty.status, empty.body.data, empty.body.meta.total]).toEqual([200, [], 0]);
  });

  it('when a list is read, then meta and links describe the page', async () => {
    const res = await api.request<{ meta: Record<string, number>; links: Record<string, string | null> }>(
      'GET',
      '/v1/content?page=1&limit=1',
    );
    expect(res.body.meta).toMatchObject({
      page: 1,
      limit: 1,
      total: expect.any(Number),
      totalPages: expect.any(Number),
    });
    expect(res.body.links.self).toBe('/v1/content?page=1&limit=1');
    expect(res.body.links.prev).toBeNull();
  });
});

describe('edge defences', () => {
  it('when any response is sent, then it carries security headers', async () => {
    const res = await api.request('GET', '/v1/content');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('when an allowed origin asks, then CORS allows it; a preflight gets the methods; another origin gets nothing', async () => {
    const origin = 'https://front.rcr.example';
    const simple = await api.request('GET', '/v1/content', { headers: { origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBe(origin);
    const preflight = await api.request('OPTIONS', '/v1/reviews', {
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const evil = await api.request('GET', '/v1/content', { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('API documentation', () => {
  it('when /openapi.json is read, then it is OpenAPI 3.1 documenting every route with an operationId and error responses', async () => {
    const res = await api.request<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>
      >;
    }>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.values(res.body.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      expect(op.operationId).toBeTruthy();
      if (op.operationId === 'liveness') continue; // answers 200 while the process runs, nothing else
      expect(Object.keys(op.responses).some((s) => s.startsWith('4') || s.startsWith('5'))).toBe(true);
    }
    expect((await api.request('GET', '/docs')).status).toBeLessThan(400);
  });

  it('when the API reference UI is opened, then /docs serves its page and files (conditional requests too), an unknown file is a 404 problem', async () => {
    const page = await fetch(`${system.gateway.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toMatch(/swagger/i);
    // A CSP of its own: scripts from the gateway only, none inline, so the page works under it.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/\bsrc="(?!https?:|\/\/)/);
      expect(inline?.trim()).toBe('');
    }
    const spec = (await (await fetch(`${system.gateway.url}/docs/json`)).json()) as { openapi: string };
    expect(spec.openapi).toBe('3.1.0');
    const css = await fetch(`${system.gateway.url}/docs/static/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('x-request-id')).toBeTruthy();
    const etag = css.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    await css.arrayBuffer();
    expect(
      (
        await fetch(`${system.gateway.url}/docs/static/swagger-ui.css`, {
          headers: { 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    const missing = await fetch(`${system.gateway.url}/docs/static/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when compared with docs/openapi.json, then the committed document is up to date (run `npm run docs`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../docs/openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(await openApiDocument());
  });
});
