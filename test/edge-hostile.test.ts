import net from 'node:net';
import { errors } from '@rcr/platform';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

let system: EmbeddedSystem;
let api: ApiClient;
let port: number;
let slug: string;
let reviewId: string;
let adminToken: string;
const sockets: Socket[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  system = await startTestSystem({
    CORS_ORIGINS: 'https://good.example',
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_REQUEST_TIMEOUT_MS: '2000',
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
    SOCKET_MAX_ROOMS: '3',
    SOCKET_MAX_PAYLOAD_BYTES: '2048',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  });
  api = new ApiClient(system.gateway.url);
  port = system.gateway.port;
  const { accessToken } = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  adminToken = accessToken;
  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), accessToken, 201);
  const review = await api.must<{ id: string; slug: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(camera.id),
    accessToken,
    201,
  );
  await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, accessToken);
  slug = review.slug;
  reviewId = review.id;
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await system?.stop();
});

/** Writes to a raw TCP connection and collects what comes back until the server closes it. */
function rawConnection() {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    const started = Date.now();
    socket.on('close', () => resolve(Date.now() - started));
  });
  return { socket, closed, received: () => received };
}

/** Sends one raw HTTP request (Connection: close) and resolves with the status and the parsed body. */
async function rawRequest(
  head: string,
  body = '',
): Promise<{ status: number; head: string; body: Record<string, unknown> }> {
  const conn = rawConnection();
  conn.socket.write(`${head}Connection: close\r\n\r\n${body}`);
  await conn.closed;
  const text = conn.received();
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]);
  const split = text.indexOf('\r\n\r\n');
  let answer = text.slice(split + 4);
  if (/\r\ntransfer-encoding: chunked\r\n/i.test(text.slice(0, split + 2))) {
    let decoded = '';
    for (let at = 0; ;) {
      const end = answer.indexOf('\r\n', at);
      const size = parseInt(answer.slice(at, end), 16);
      if (!(size > 0)) break;
      decoded += answer.slice(end + 2, end + 2 + size);
      at = end + 2 + size + 2;
    }
    answer = decoded;
  }
  return {
    status,
    head: text.slice(0, split),
    body: answer.startsWith('{') ? (JSON.parse(answer) as Record<string, unknown>) : {},
  };
}

describe('ambiguous headers', () => {
  it('when a single-valued header field is sent twice, then 400 problem+json naming it, whichever copy is valid', async () => {
    const { accessToken } = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const twoTokens = [
      `Authorization: Bearer ${accessToken}\r\nAuthorization: Bearer forged\r\n`,
      `Authorization: Bearer forged\r\nAuthorization: Bearer ${accessToken}\r\n`,
    ];
    for (const auth of twoTokens) {
      const res = await rawRequest(`GET /v1/me HTTP/1.1\r\nHost: localhost\r\n${auth}`);
      expect([res.status, res.body.code, res.body.detail]).toEqual([
        400,
        'REPEATED_HEADER',
        'the authorization header field must be sent once',
      ]);
    }
    const twoHosts = await rawRequest('GET /v1/content HTTP/1.1\r\nHost: a.example\r\nhost: b.example\r\n');
    expect([twoHosts.status, twoHosts.body.code]).toEqual([400, 'REPEATED_HEADER']);
    const twoTypes = await rawRequest(
      'POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n',
      '{}',
    );
    expect([twoTypes.status, twoTypes.body.code]).toEqual([400, 'REPEATED_HEADER']);
    // Repeating a list field is fine (Node joins them), and one of each is the ordinary case.
    const lists = await rawRequest(
      `GET /v1/me HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nAccept: */*\r\nAuthorization: Bearer ${accessToken}\r\n`,
    );
    expect(lists.status).toBe(200);
  });

  it('when a body comes in a content coding, then 415 problem+json with Accept-Encoding: identity; Content-Encoding: identity is taken', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = gzipSync(JSON.stringify(cameraBody()));
    const res = await fetch(`${system.gateway.url}/v1/cameras`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${adminToken}`,
      },
      body,
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-encoding')).toBe('identity');
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_CONTENT_ENCODING' });
    const plain = await fetch(`${system.gateway.url}/v1/cameras`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'identity',
        authorization: `Bearer ${adminToken}`,
      },
      body: JSON.stringify(cameraBody()),
    });
    expect(plain.status).toBe(201);
  });

  it('when an HTTP/1.1 request has no Host, then 400 problem+json (HTTP/1.0 needs none)', async () => {
    const missing = await rawRequest('GET /v1/content HTTP/1.1\r\n');
    expect([missing.status, missing.body.code]).toEqual([400, 'MISSING_HOST']);
    const old = await rawRequest('GET /v1/content HTTP/1.0\r\n');
    expect(old.status).toBe(200);
  });
});

describe('duplicate JSON members', () => {
  it('when a JSON body names a member twice in one object (at any depth, escaped or not), then 400 DUPLICATE_JSON_MEMBER naming it and nothing is stored', async () => {
    const camera = cameraBody();
    const json = JSON.stringify(camera);
    const twice = `{"brand":"Decoy",${json.slice(1)}`;
    const created = await api.request<{ code: string; detail: string }>('POST', '/v1/cameras', {
      rawBody: twice,
      token: adminToken,
      headers: { 'content-type': 'application/json' },
    });
    expect([created.status, created.body.code]).toEqual([400, 'DUPLICATE_JSON_MEMBER']);
    expect(created.body.detail).toContain('"brand"');
    // Nothing was stored: the same camera, sent well-formed, is new (a second one would be a 409).
    expect((await api.request('POST', '/v1/cameras', { body: camera, token: adminToken })).status).toBe(201);

    // A merge patch with the same name twice, once escaped: refused, the review unchanged.
    const before = await api.request<{ data: { title: string; version: number } }>(
      'GET',
      `/v1/reviews/${reviewId}`,
      { token: adminToken },
    );
    const patched = await api.request<{ code: string }>('PATCH', `/v1/reviews/${reviewId}`, {
      rawBody: '{"title":"Un título aceptable","\\u0074itle":"Otro título aceptable"}',
      token: adminToken,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect([patched.status, patched.body.code]).toEqual([400, 'DUPLICATE_JSON_MEMBER']);
    const after = await api.request<{ data: { title: string; version: number } }>(
      'GET',
      `/v1/reviews/${reviewId}`,
      { token: adminToken },
    );
    expect(after.body.data).toEqual(before.body.data);
  });

  it('when a JSON body names __proto__ or constructor.prototype, then 400 FORBIDDEN_JSON_MEMBER saying so (not "not valid JSON"), and nothing is stored', async () => {
    const camera = cameraBody();
    const json = JSON.stringify(camera).slice(1);
    for (const member of ['"__proto__":{"admin":true}', '"constructor":{"prototype":{"admin":true}}']) {
      const refused = await api.request<{ code: string; detail: string }>('POST', '/v1/cameras', {
        rawBody: `{${member},${json}`,
        token: adminToken,
        headers: { 'content-type': 'application/json' },
      });
      expect([refused.status, refused.body.code], member).toEqual([400, 'FORBIDDEN_JSON_MEMBER']);
      expect(refused.body.detail).toContain('__proto__');
    }
    // Broken JSON is still said to be broken.
    const broken = await api.request<{ code: string }>('POST', '/v1/cameras', {
      rawBody: '{"__proto__":',
      token: adminToken,
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.body.code).toBe('MALFORMED_JSON');
    expect((await api.request('POST', '/v1/cameras', { body: camera, token: adminToken })).status).toBe(201);
  });
});

describe('admin-only operations', () => {
  it('when an editor sends bad input to an admin-only operation, then 403 ADMIN_ONLY, not a 400 naming its input rules; an admin gets the 400', async () => {
    const editor = await createEditor(api, adminToken, 'Nosy');
    const calls: [string, string, unknown][] = [
      ['POST', '/v1/editors', { email: 1, extra: true }],
      ['GET', '/v1/editors?limit=abc', undefined],
      ['DELETE', '/v1/editors/not-a-uuid', undefined],
      ['POST', '/v1/admin/partner-keys', { name: 5 }],
      ['POST', '/v1/webhook-endpoints', { url: 'nope', events: 'all' }],
      ['GET', '/v1/audit-events?limit=abc', undefined],
      ['GET', '/v1/admin/dead-letters?limit=abc', undefined],
    ];
    for (const [method, path, body] of calls) {
      const asEditor = await api.request<{ code: string; errors?: unknown }>(method, path, {
        body,
        token: editor.token,
      });
      expect([path, asEditor.status, asEditor.body.code, asEditor.body.errors], method).toEqual([
        path,
        403,
        'ADMIN_ONLY',
        undefined,
      ]);
      const asAdmin = await api.request(method, path, { body, token: adminToken });
      expect([path, asAdmin.status], method).toEqual([path, 400]);
    }
  });
});

describe('slow clients', () => {
  it('when a text holds a NUL or a lone surrogate, then REST and GraphQL (variables, literals) refuse it with 400 (VALIDATION_FAILED, BAD_USER_INPUT), and nothing is stored', async () => {
    const rest = await api.request<{ errors?: { field: string }[] }>('POST', '/v1/cameras', {
      token: adminToken,
      rawBody: '{"brand":"Lone \\ud800","model":"S1","type":"mirrorless"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(rest.status).toBe(400);
    expect(rest.body.errors?.[0]?.field).toBe('brand');
    const mutation =
      'mutation($b: String!) { createCamera(input: { brand: $b, model: "S2", type: mirrorless }) { id } }';
    for (const [what, body] of [
      ['a NUL in a variable', JSON.stringify({ query: mutation, variables: { b: 'Q\u0000' } })],
      [
        'a lone surrogate in a variable',
        `{"query":${JSON.stringify(mutation)},"variables":{"b":"Q\\ud800"}}`,
      ],
      [
        'a NUL in a literal',
        JSON.stringify({
          query:
            'mutation { createCamera(input: { brand: "Q\\u0000", model: "S3", type: mirrorless }) { id } }',
        }),
      ],
    ] as const) {
      const res = await api.request<{ errors?: { extensions?: { code?: string } }[]; data?: unknown }>(
        'POST',
        '/graphql',
        {
          token: adminToken,
          rawBody: body,
          // GraphQL over HTTP: a refused operation is a 400 for this media type (200 for plain JSON).
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        },
      );
      expect(res.status, what).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
    }
    // A lone surrogate escape in a literal is refused by the GraphQL parser itself.
    const literal = await api.request<{ errors?: { extensions?: { code?: string } }[] }>('POST', '/graphql', {
      token: adminToken,
      body: {
        query:
          'mutation { createCamera(input: { brand: "Q\\uDC00", model: "S4", type: mirrorless }) { id } }',
      },
      headers: { accept: 'application/graphql-response+json' },
    });
    expect([literal.status, literal.body.errors?.[0]?.extensions?.code]).toEqual([
      400,
      'GRAPHQL_PARSE_FAILED',
    ]);
    const cameras = (await api.request<{ data: { model: string }[] }>('GET', '/v1/cameras?limit=100')).body
      .data;
    expect(cameras.map((c) => c.model).filter((m) => /^S\d$/.test(m))).toEqual([]);
  });

  it('when the bearer token is not a JWT (an opaque key, garbage, 8 kB of it), then 401 TOKEN_INVALID; no token at all is TOKEN_MISSING', async () => {
    for (const token of ['rcr_pk_0123456789abcdef', 'not.a.jwt', 'e'.repeat(8000), '%%%']) {
      const res = await api.request<{ code: string }>('GET', '/v1/me', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect([res.status, res.body.code], token.slice(0, 30)).toEqual([401, 'TOKEN_INVALID']);
    }
    for (const header of ['Bearer', 'Bearer   ', 'Basic dXNlcjpwYXNz']) {
      const res = await api.request<{ code: string }>('GET', '/v1/me', {
        headers: { authorization: header },
      });
      expect([res.status, res.body.code], header).toEqual([401, 'TOKEN_MISSING']);
    }
  });

  it('when an instant is one PostgreSQL cannot store (the year 0000, or an offset across 0001), then 400 problem+json on every way in, and no job is queued', async () => {
    const problem = (res: { status: number; headers: Headers }, what: string) => {
      expect(res.status, what).toBe(400);
      expect(res.headers.get('content-type'), what).toContain('application/problem+json');
    };
    for (const instant of ['0000-01-01', '0000-12-31T23:59:59Z', '0001-01-01T00:00:00+01:00']) {
      const q = encodeURIComponent(instant);
      problem(await api.request('GET', `/v1/content?publishedAfter=${q}`), `content ${instant}`);
      problem(
        await api.request('GET', `/v1/audit-events?since=${q}`, { token: adminToken }),
        `audit ${instant}`,
      );
      const graphql = await api.request<{ errors?: { extensions?: { code?: string } }[] }>(
        'POST',
        '/graphql',
        { body: { query: `{ content(publishedAfter: ${JSON.stringify(instant)}) { edges { cursor } } }` } },
      );
      expect(graphql.body.errors?.[0]?.extensions?.code, `graphql ${instant}`).toBe('BAD_USER_INPUT');
    }
    const jobsBefore = await api.must<unknown[]>('GET', '/v1/jobs', undefined, adminToken);
    problem(
      await api.request('POST', '/v1/exports', {
        token: adminToken,
        body: { format: 'csv', filter: { publishedAfter: '0000-01-01' } },
      }),
      'export',
    );
    expect(await api.must<unknown[]>('GET', '/v1/jobs', undefined, adminToken)).toEqual(jobsBefore);
    // The first storable day is a plain answer.
    expect((await api.request('GET', '/v1/content?publishedAfter=0001-01-01')).status).toBe(200);
  });

  it('when the request target is too long, then 414 URI_TOO_LONG; when the headers are, 431 HEADERS_TOO_LARGE; both problem+json', async () => {
    const longTarget = await rawRequest(
      `GET /v1/content?q=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: localhost\r\n`,
    );
    expect(longTarget.status).toBe(414);
    expect(longTarget.body).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
    const longHeaders = await rawRequest(
      `GET /v1/content HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n`,
    );
    expect(longHeaders.status).toBe(431);
    expect(longHeaders.body).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      instance: '/v1/content',
    });
    // Answered on the socket, yet with every answer's edge headers.
    for (const answer of [longTarget, longHeaders]) {
      expect(answer.head).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
      expect(answer.head).toMatch(/\r\nContent-Security-Policy: default-src 'none'/);
      expect(answer.head).toMatch(/\r\nStrict-Transport-Security: /);
    }
    // Many headers, each short: still the headers.
    const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'c'.repeat(40)}\r\n`).join('');
    expect((await rawRequest(`GET /v1/content HTTP/1.1\r\nHost: localhost\r\n${many}`)).status).toBe(431);
    // Just under the limit, the request is served.
    expect((await api.request('GET', `/v1/content?q=${'a'.repeat(8000)}`)).status).not.toBe(414);
  });

  it('when a client trickles its headers byte by byte, then it gets 408 problem+json and the connection is closed', async () => {
    const { socket, closed, received } = rawConnection();
    const request = 'GET /v1/content HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
    let i = 0;
    const trickle = setInterval(() => {
      if (i < request.length && !socket.destroyed) socket.write(request[i++] as string);
    }, 50);
    try {
      const elapsed = await Promise.race([closed, sleep(10_000).then(() => Number.NaN)]);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(received()).toMatch(/content-type: application\/problem\+json/i);
    expect(received()).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('when a client sends its headers and then trickles its body, then the connection is closed at the request timeout', async () => {
    const { socket, closed } = rawConnection();
    socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 100);
    try {
      const elapsed = await Promise.race([closed, sleep(10_000).then(() => Number.NaN)]);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  it('when a keep-alive connection stays idle, then the gateway closes it after the keep-alive timeout', async () => {
    const { socket, closed, received } = rawConnection();
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const elapsed = await Promise.race([closed, sleep(10_000).then(() => Number.NaN)]);
    socket.destroy();
    expect(received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4000);
  });
});

describe('Socket.IO handshake and subscriptions', () => {
  /** A real socket.io-client with the given Origin (or none); resolves connected or refused. */
  async function connect(
    transport: 'websocket' | 'polling',
    origin?: string,
  ): Promise<{ socket: Socket; connected: boolean }> {
    const socket = io(system.gateway.url, {
      path: '/socket.io',
      transports: [transport],
      reconnection: false,
      timeout: 5000,
      ...(origin !== undefined ? { extraHeaders: { origin } } : {}),
    });
    sockets.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
    return { socket, connected };
  }

  for (const transport of ['websocket', 'polling'] as const) {
    it(`when a browser from another origin opens a ${transport} connection, then the handshake is refused`, async () => {
      for (const origin of ['https://evil.example', 'null', 'https://good.example.evil.com']) {
        const { connected } = await connect(transport, origin);
        expect(connected, origin).toBe(false);
      }
    });

    it(`when the allowed origin or a non-browser client (no Origin) connects over ${transport}, then it connects and subscribes`, async () => {
      for (const origin of ['https://good.example', undefined]) {
        const { socket, connected } = await connect(transport, origin);
        expect(connected, String(origin)).toBe(true);
        const ack = (await socket.timeout(5000).emitWithAck('subscribe', { room: 'feed' })) as {
          ok: boolean;
        };
        expect(ack.ok).toBe(true);
      }
    });
  }

  it('when a socket subscribes to more rooms than allowed, then the extra subscribe is refused with a clear error', async () => {
    const { socket, connected } = await connect('websocket');
    expect(connected).toBe(true);
    const subscribe = (room: string) =>
      socket.timeout(5000).emitWithAck('subscribe', { room }) as Promise<{ ok: boolean; error?: string }>;
    for (const room of ['feed', 'camera:a', 'camera:b']) expect((await subscribe(room)).ok).toBe(true);
    const refused = await subscribe('camera:c');
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/too many rooms: at most 3/);
    // A room already joined is not a new one; leaving one frees a place.
    expect((await subscribe('feed')).ok).toBe(true);
    await socket.timeout(5000).emitWithAck('unsubscribe', { room: 'camera:a' });
    expect((await subscribe('camera:c')).ok).toBe(true);
  });

  it('when a socket sends a message larger than the payload limit, then the connection is closed', async () => {
    const { socket, connected } = await connect('websocket');
    expect(connected).toBe(true);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('subscribe', { room: 'x'.repeat(10_000) });
    const reason = await Promise.race([disconnected, sleep(5000).then(() => 'still connected')]);
    expect(reason).not.toBe('still connected');
  });
});

describe('public read cache', () => {
  type Envelope = { data: unknown; meta: { requestId: string; timestamp: string } };

  it('when a cached answer is served to another reader, then it carries that reader’s request id and a fresh timestamp, and the same ETag (JSON and XML)', async () => {
    const path = `/v1/content/${slug}`;
    const first = await api.request<Envelope>('GET', path, { headers: { 'x-request-id': 'first-reader' } });
    expect(first.body.meta.requestId).toBe('first-reader');
    await sleep(1100);
    const before = Date.now();
    const hit = await api.request<Envelope>('GET', path, { headers: { 'x-request-id': 'second-reader' } });
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.body.meta.requestId).toBe('second-reader');
    expect(Date.parse(hit.body.meta.timestamp)).toBeGreaterThanOrEqual(before - 5);
    expect(hit.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(1);
    // A generated id is used the same way.
    const anonymous = await api.request<Envelope>('GET', path);
    expect(anonymous.body.meta.requestId).toBe(anonymous.headers.get('x-request-id'));

    const xml = { accept: 'application/xml' };
    await api.request('GET', path, { headers: { ...xml, 'x-request-id': 'xml-first' } });
    const xmlHit = await api.request<string>('GET', path, {
      headers: { ...xml, 'x-request-id': 'xml-second' },
    });
    expect(xmlHit.headers.get('x-cache')).toBe('HIT');
    expect(xmlHit.body).toContain('<requestId>xml-second</requestId>');
    expect(xmlHit.body).not.toContain('xml-first');
  });

  it('when an XML answer would carry a character XML cannot hold, then it is replaced and the document stays well-formed', async () => {
    // The unknown parameter's name comes back as the field of its error.
    const res = await api.request<string>('GET', '/v1/content?a%01b=c', {
      headers: { accept: 'application/xml' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatch(/^<\?xml .*<problem xmlns/);
    expect(res.body).toContain('a\uFFFDb');
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(res.body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('when anonymous readers hit the cache and the rate limiter, then no error object is built for any of them', async () => {
    const path = `/v1/content/${slug}`;
    await api.request('GET', path);
    const factories = Object.keys(errors) as (keyof typeof errors)[];
    const spies = factories.map((name) => vi.spyOn(errors, name));
    try {
      for (let i = 0; i < 50; i++) {
        expect((await api.request('GET', path)).headers.get('x-cache')).toBe('HIT');
        expect((await api.request('GET', '/v1/cameras')).status).toBe(200);
      }
      for (const spy of spies) expect(spy, spy.getMockName()).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
