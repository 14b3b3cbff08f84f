import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, type ApiResponse } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { editorWithPublishedReview, TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable, infra } from './support/infra.ts';
import { TcpProxy, viaProxy } from './support/tcp-proxy.ts';
import { withinOneWindow } from './support/rate-window.ts';

const available = await distributedAvailable('redis outage');

type Problem = { code: string; status: number };
type Envelope = { data: { title?: string }; meta: { requestId: string; timestamp: string } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Repeats a GET until the gateway answers it from its cache twice in a row (pending invalidations land first). */
async function warm(client: ApiClient, path: string): Promise<void> {
  for (let i = 0, hits = 0; hits < 2; i++) {
    if (i > 100) throw new Error(`${path} never became a cache hit on ${client.baseUrl}`);
    hits = (await client.request('GET', path)).headers.get('x-cache') === 'HIT' ? hits + 1 : 0;
    if (hits < 2) await sleep(50);
  }
}

/** Waits until every gateway reports Redis reachable again (after a cut is restored). */
async function untilRecovered(urls: string[]): Promise<void> {
  for (const url of urls) {
    for (let i = 0; ; i++) {
      const ready = await new ApiClient(url).request<{ status: string }>('GET', '/readyz');
      if (ready.body.status === 'ready') break;
      if (i > 100) throw new Error(`${url} did not recover: ${JSON.stringify(ready.body)}`);
      await sleep(50);
    }
  }
}

/**
 * Two gateways reach Redis through a proxy this test cuts, slows and restores (the back-end services keep
 * their own link), with low limits so they can be reached. Each test speaks from its own loopback
 * addresses (127.0.0.x), so per-IP budgets do not mix between tests.
 */
describe.skipIf(!available)('the gateway edge when Redis fails (distributed mode)', () => {
  const redisUrl = new URL(infra.redisUrl);
  const redisProxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  let system: DistributedSystem;
  let redis: Redis;
  let a: string;
  let b: string;
  let token: string;
  let cameraId: string;
  let slug: string;
  const from = (n: number, url = a) => new ApiClient(url, `127.0.0.${n}`);

  beforeAll(async () => {
    await redisProxy.listen();
    system = await startDistributedSystem(2, () => ({
      gateway: {
        REDIS_URL: viaProxy(infra.redisUrl, redisProxy),
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '40',
        RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: '5',
        CACHE_LOCAL_UNCONFIRMED_MAX_MS: '1500',
      },
    }));
    [a, b] = system.gateways.map((g) => g.url) as [string, string];
    redis = new Redis(infra.redisUrl);
    const api = new ApiClient(a);
    ({ token, cameraId, slug } = await editorWithPublishedReview(api, {
      email: 'outage@test.rcr',
      name: 'Outage Editor',
      password: 'editor-password-1',
    }));
  }, 180_000);

  afterAll(async () => {
    redisProxy.latencyMs = 0;
    await redisProxy.restore().catch(() => undefined);
    redis?.disconnect();
    await system?.stop();
    await redisProxy.close();
  });

  it('when Redis is unreachable, then reads, logins and writes still work (a keyed write stays idempotent through its service), /readyz says degraded, and all of it recovers within a second of Redis returning', async () => {
    const reader = from(10);
    const path = `/v1/content/${slug}`;
    await warm(reader, path);
    const answers: ApiResponse[] = [];
    const seen = <T>(res: ApiResponse<T>) => {
      answers.push(res as ApiResponse);
      return res;
    };

    await redisProxy.cut();
    const cutAt = Date.now();
    try {
      const ready = seen(
        await reader.request<{ status: string; checks: Record<string, boolean> }>('GET', '/readyz'),
      );
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks.redis).toBe(false);
      expect(ready.body.checks.content).toBe(true);

      // The local tier still answers for a bounded time, with the usual rate-limit headers.
      const cached = seen(await reader.request('GET', path));
      expect(cached.status).toBe(200);
      expect(cached.headers.get('x-cache')).toBe('HIT');
      expect(cached.headers.get('x-ratelimit-limit')).toBe('40');
      expect(cached.headers.get('ratelimit-policy')).toBe('"anonymous";q=40;w=60');

      expect(seen(await reader.request('GET', `/v1/cameras/${cameraId}`)).status).toBe(200);
      expect(
        seen(
          await from(11).request('POST', '/v1/auth/login', {
            body: { email: 'outage@test.rcr', password: 'editor-password-1' },
          }),
        ).status,
      ).toBe(200);
      expect(seen(await reader.request('POST', '/v1/cameras', { body: cameraBody(), token })).status).toBe(
        201,
      );

      // A keyed write goes on without the gateway's fast path: the service records the key with the write,
      // so a retry returns the first camera instead of creating a second one.
      const keyedBody = cameraBody();
      const keyedHeaders = { 'idempotency-key': `outage-${Date.now()}` };
      const keyed = seen(
        await reader.request<{ data: { id: string } }>('POST', '/v1/cameras', {
          body: keyedBody,
          token,
          headers: keyedHeaders,
        }),
      );
      const retried = seen(
        await from(12).request<{ data: { id: string } }>('POST', '/v1/cameras', {
          body: keyedBody,
          token,
          headers: keyedHeaders,
        }),
      );
      expect([keyed.status, retried.status]).toEqual([201, 201]);
      expect(retried.body.data.id).toBe(keyed.body.data.id);

      // Past CACHE_LOCAL_UNCONFIRMED_MAX_MS the local tier is no longer trusted: answers come from content.
      await sleep(1700);
      const uncached = seen(await reader.request('GET', path));
      expect(uncached.status).toBe(200);
      expect(uncached.headers.get('x-cache')).toBe('MISS');
      // A long outage: a reconnection backoff that grows (as ioredis' defaults do) would by now wait
      // more than a second between attempts.
      await sleep(cutAt + 5800 - Date.now());
    } finally {
      await redisProxy.restore();
    }
    const restoredAt = Date.now();
    expect(answers.filter((r) => r.status >= 500 && r.status !== 503)).toEqual([]);

    // Back: a keyed write goes through the fast path again, and both gateways report ready, within a second.
    const until = async (probe: () => Promise<boolean>): Promise<number | undefined> => {
      while (Date.now() - restoredAt < 5000) {
        const sentAt = Date.now();
        if (await probe()) return sentAt - restoredAt;
        await sleep(20);
      }
      return undefined;
    };
    const [writeAfter, readyAfter] = await Promise.all([
      until(async () => {
        const res = await reader.request('POST', '/v1/cameras', {
          body: cameraBody(),
          token,
          headers: { 'idempotency-key': `back-${Date.now()}-${Math.random()}` },
        });
        if (res.status !== 201) expect(res.status).toBe(503);
        return res.status === 201;
      }),
      until(async () => {
        const states = await Promise.all(
          [a, b].map(
            async (url) =>
              (await new ApiClient(url).request<{ status: string }>('GET', '/readyz')).body.status,
          ),
        );
        return states.every((state) => state === 'ready');
      }),
    ]);
    console.log(
      `after Redis returned: keyed write accepted in ${writeAfter} ms, both gateways ready in ${readyAfter} ms`,
    );
    expect(writeAfter ?? Number.POSITIVE_INFINITY).toBeLessThan(1000);
    expect(readyAfter ?? Number.POSITIVE_INFINITY).toBeLessThan(1000);
  });

  it('when Redis is unreachable, then the local counters alone limit: 429 problem+json with Retry-After, never a 5xx', async () => {
    await withinOneWindow(20000);
    const client = from(20);
    await redisProxy.cut();
    const statuses: number[] = [];
    let limited: ApiResponse<Problem> | undefined;
    try {
      for (let i = 0; i < 45; i++) {
        const res = await client.request<Problem>('GET', `/v1/cameras/${cameraId}`);
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
    } finally {
      await redisProxy.restore();
      await untilRecovered([a, b]);
    }
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('when anonymous requests are spread over two gateways, then they share one limit through Redis (synchronised in batches)', async () => {
    await withinOneWindow(20000);
    const statusesA: number[] = [];
    const statusesB: number[] = [];
    for (let i = 0; i < 25; i++) statusesA.push((await from(30, a).request('GET', '/v1/cameras')).status);
    // A few synchronisation intervals: gateway A's counts reach Redis, and gateway B reads them back.
    await sleep(800);
    // Gateway B learns the shared total when it pushes its own first count (within a sync interval of it):
    // a burst faster than one interval is limited by what B knew before it.
    statusesB.push((await from(30, b).request('GET', '/v1/cameras')).status);
    await sleep(800);
    for (let i = 1; i < 25; i++) statusesB.push((await from(30, b).request('GET', '/v1/cameras')).status);
    expect(statusesA.every((s) => s === 200)).toBe(true);
    // 40 per minute in all: per-gateway counters would let all 50 through.
    expect(statusesB.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
  });

  it('when Redis answers slowly, then cached reads and the rate limiter do not wait for it (no Redis round trip per request)', async () => {
    const reader = from(40);
    const path = `/v1/content/${slug}`;
    await warm(reader, path);
    redisProxy.latencyMs = 250;
    const timings: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const res = await reader.request('GET', i % 2 === 0 ? path : '/v1/no-such-route');
        timings.push(performance.now() - started);
        expect([200, 404]).toContain(res.status);
        if (res.status === 200) expect(res.headers.get('x-cache')).toBe('HIT');
      }
    } finally {
      redisProxy.latencyMs = 0;
      await sleep(300);
    }
    timings.sort((x, y) => x - y);
    console.log(
      `with 250 ms Redis latency: median ${timings[10]!.toFixed(1)} ms, max ${timings[19]!.toFixed(1)} ms`,
    );
    expect(timings[10]).toBeLessThan(150);
  });

  it('when one account is tried from many addresses over both gateways, then the per-account login limit stops it exactly, and other accounts are unaffected', async () => {
    await withinOneWindow(20000);
    const email = `stuffed-${Date.now()}@test.rcr`;
    const attempts: ApiResponse<Problem>[] = [];
    for (let i = 0; i < 8; i++) {
      attempts.push(
        await from(50 + i, i % 2 === 0 ? a : b).request<Problem>('POST', '/v1/auth/login', {
          body: { email, password: `guess-${i}` },
        }),
      );
    }
    expect(attempts.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = attempts[5]!;
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('ratelimit-policy')).toBe('"login-account";q=5;w=60');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same email in another case and with spaces is the same account.
    const variant = await from(58, a).request('POST', '/v1/auth/login', {
      body: { email: `  ${email.toUpperCase()} `, password: 'guess' },
    });
    expect(variant.status).toBe(429);
    const other = await from(50, a).request('POST', '/v1/auth/login', {
      body: { email: `other-${email}`, password: 'guess' },
    });
    expect(other.status).toBe(401);
  });

  it('when an account is guessed at from many addresses, then its owner still logs in at either gateway from an address it logged in from before or with its device token, and a new address waits', async () => {
    await withinOneWindow(20000);
    const adminToken = (await from(110).login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const email = `owner-${Date.now()}@test.rcr`;
    const password = 'editor-password-1';
    await from(110).must('POST', '/v1/editors', { email, name: 'Guessed Owner', password }, adminToken, 201);
    const first = await from(111, a).request('POST', '/v1/auth/login', { body: { email, password } });
    expect(first.status).toBe(200);
    const device = first.headers.get('rcr-login-device') as string;

    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await from(112 + i, i % 2 === 0 ? a : b).request('POST', '/v1/auth/login', {
        body: { email, password: `guess-${i}` },
      });
      guesses.push(res.status);
    }
    // The owner's login and four guesses fill the account's shared budget of 5.
    expect(guesses).toEqual([401, 401, 401, 401, 429, 429]);
    const newcomer = await from(119, b).request('POST', '/v1/auth/login', { body: { email, password } });
    expect(newcomer.status).toBe(429);
    // Remembered in Redis by gateway a, known at gateway b.
    const owner = await from(111, b).request('POST', '/v1/auth/login', { body: { email, password } });
    expect(owner.status).toBe(200);
    // A new address, but the device token gateway a signed: gateway b honours it (ADR 0038).
    const travelling = await from(120, b).request('POST', '/v1/auth/login', {
      body: { email, password },
      headers: { 'rcr-login-device': device },
    });
    expect(travelling.status).toBe(200);
  });

  it('when Redis is unreachable, then login limits still hold, counted by each gateway alone', async () => {
    await withinOneWindow(20000);
    const email = `stuffed-offline-${Date.now()}@test.rcr`;
    await redisProxy.cut();
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        const res = await from(60 + i, a).request('POST', '/v1/auth/login', {
          body: { email, password: `guess-${i}` },
        });
        statuses.push(res.status);
      }
    } finally {
      await redisProxy.restore();
      await untilRecovered([a, b]);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('when a login or refresh carries an Idempotency-Key, then no credentials are stored in Redis and nothing is replayed', async () => {
    const client = from(70);
    const headers = { 'idempotency-key': `login-${Date.now()}` };
    const body = { email: 'outage@test.rcr', password: 'editor-password-1' };
    type Pair = { data: { accessToken: string; refreshToken: string } };
    const first = await client.request<Pair>('POST', '/v1/auth/login', { body, headers });
    const again = await client.request<Pair>('POST', '/v1/auth/login', { body, headers });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.data.refreshToken).not.toBe(first.body.data.refreshToken);
    const refreshed = await client.request<Pair>('POST', '/v1/auth/refresh', {
      body: { refreshToken: again.body.data.refreshToken },
      headers,
    });
    expect(refreshed.status).toBe(200);
    // A write with a key is recorded as before: the scan below does find that record.
    const control = await client.request<{ data: { id: string } }>('POST', '/v1/cameras', {
      body: cameraBody(),
      token,
      headers,
    });
    expect(control.status).toBe(201);

    const values: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${system.namespace}:idempotency:*`,
        'COUNT',
        500,
      );
      cursor = next;
      for (const key of keys) values.push((await redis.get(key)) ?? '');
    } while (cursor !== '0');
    expect(values.some((v) => v.includes(control.body.data.id))).toBe(true);
    for (const pair of [first, again, refreshed]) {
      for (const secret of [pair.body.data.accessToken, pair.body.data.refreshToken]) {
        expect(values.some((v) => v.includes(secret))).toBe(false);
      }
    }
  });

  it('when a cached answer is hit through another gateway, then it carries the hitting request\u2019s own id and a fresh timestamp, with the same ETag', async () => {
    const path = `/v1/cameras/${cameraId}/reviews`;
    const first = await from(80, a).request<Envelope>('GET', path, {
      headers: { 'x-request-id': 'reader-a-1' },
    });
    expect(first.body.meta.requestId).toBe('reader-a-1');
    await sleep(1100);
    let hit: ApiResponse<Envelope> | undefined;
    let before = 0;
    for (let i = 0; i < 40 && hit?.headers.get('x-cache') !== 'HIT'; i++) {
      if (hit) await sleep(50);
      before = Date.now();
      hit = await from(81, b).request<Envelope>('GET', path, {
        headers: { 'x-request-id': `reader-b-${i}` },
      });
    }
    expect(hit?.headers.get('x-cache')).toBe('HIT');
    const id = hit?.headers.get('x-request-id');
    expect(id).toMatch(/^reader-b-\d+$/);
    expect(hit?.body.meta.requestId).toBe(id);
    expect(Date.parse(hit?.body.meta.timestamp ?? '')).toBeGreaterThanOrEqual(before - 5);
    expect(hit?.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(Number(hit?.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('when a client asks for a fresh answer and it is unchanged, then the shared entry is not written again (its expiry kept), and the other gateway still hits it', async () => {
    const path = `/v1/cameras/${cameraId}/reviews?limit=3`;
    const reader = from(100, a);
    // Settled: stored, and no invalidation still on its way (two hits in a row).
    await warm(reader, path);
    const first = await reader.request('GET', path);
    expect(first.headers.get('x-cache')).toBe('HIT');
    const generation = await redis.get(`${system.namespace}:cache:generation`);
    const [key, ...others] = await redis.keys(`${system.namespace}:cache:v3:${generation}:*${path}`);
    expect(others).toEqual([]);
    const ttlAtStore = await redis.pttl(key as string);
    expect(ttlAtStore).toBeGreaterThan(20_000);
    await sleep(1100);
    const fresh = await reader.request('GET', path, { headers: { 'cache-control': 'no-cache' } });
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(fresh.headers.get('etag')).toBe(first.headers.get('etag'));
    // Not rewritten: the shared copy kept counting down from the first store (a rewrite, through the
    // proxy, is given time to arrive before looking).
    await sleep(300);
    expect(await redis.pttl(key as string)).toBeLessThanOrEqual(ttlAtStore - 1000);
    const other = await from(101, b).request('GET', path);
    expect(other.headers.get('x-cache')).toBe('HIT');
    expect(other.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('when the cache generation is bumped, then every gateway\u2019s local tier follows within a quarter second (pub/sub), and a bump nobody announced within about a second (re-read)', async () => {
    // Each gateway reads its own path: a miss on one would otherwise fill the shared tier for the other.
    const path = `/v1/cameras/${cameraId}`;
    const pathB = `/v1/cameras/${cameraId}/reviews`;
    const key = `${system.namespace}:cache:generation`;
    for (let round = 0; round < 3; round++) {
      // Fresh addresses each round, so the per-IP limit never interferes.
      const readerA = from(90 + 2 * round, a);
      const readerB = from(91 + 2 * round, b);
      await warm(readerA, path);
      await warm(readerB, pathB);
      const generation = await redis.incr(key);
      await redis.publish(key, String(generation));
      await sleep(250);
      expect((await readerA.request('GET', path)).headers.get('x-cache')).toBe('MISS');
      expect((await readerB.request('GET', pathB)).headers.get('x-cache')).toBe('MISS');
    }
    const reader = from(96, a);
    await warm(reader, path);
    await redis.incr(key);
    await sleep(1500);
    expect((await reader.request('GET', path)).headers.get('x-cache')).toBe('MISS');
  });
});
