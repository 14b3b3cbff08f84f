import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { protos } from '@rcr/contracts';
import { callUnary, channelCredentials, InternalTokenSigner, signCallsOf } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, reviewBody, type ApiResponse } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { editorWithPublishedReview } from './support/flow.ts';
import { distributedAvailable, infra } from './support/infra.ts';

const available = await distributedAvailable('resilience');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The gateway's bounds here: short, so a paused service costs the test little time. */
const DEADLINE_MS = 1200;
const HALF_OPEN_MS = 4000;

type Ready = { status: string; breakers: Record<string, 'closed' | 'open' | 'half-open'> };
type Problem = { status: number; code: string };

/** Runs `fn`, returning its result and how long it took. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await fn();
  return [result, Date.now() - started];
}

/**
 * One gateway in front of real services (distributed mode), with a short upstream deadline and breaker
 * settings; content and reviews are paused (SIGSTOP) and resumed (SIGCONT) to make them unresponsive.
 */
describe.skipIf(!available)('resilience of the gateway (distributed mode, ADR 0026)', () => {
  let system: DistributedSystem;
  let api: ApiClient;
  let redis: Redis;
  let token: string;
  let cameraId: string;
  let slug: string;
  const pause = (...names: ('content' | 'reviews')[]) =>
    names.forEach((name) => system.services[name].process.child.kill('SIGSTOP'));
  const resume = (...names: ('content' | 'reviews')[]) =>
    names.forEach((name) => system.services[name].process.child.kill('SIGCONT'));
  const breakers = async () => (await api.request<Ready>('GET', '/readyz')).body.breakers;
  const write = () => api.request<Problem>('POST', '/v1/reviews', { body: reviewBody(cameraId), token });

  beforeAll(async () => {
    system = await startDistributedSystem(1, () => ({
      gateway: {
        UPSTREAM_TIMEOUT_MS: String(DEADLINE_MS),
        UPSTREAM_BREAKER_FAILURES: '3',
        UPSTREAM_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
      },
    }));
    api = new ApiClient(system.gateways[0]!.url);
    redis = new Redis(infra.redisUrl);
    ({ token, cameraId, slug } = await editorWithPublishedReview(api, {
      email: 'resilience@test.rcr',
      name: 'Res Editor',
      password: 'editor-password-1',
    }));
  }, 180_000);

  afterAll(async () => {
    if (system) resume('content', 'reviews');
    redis?.disconnect();
    await system?.stop();
  });

  it('when content and reviews stop answering, then breakers open, public reads are served stale, writes fail fast with 503 and Retry-After, and all closes again once they are back', async () => {
    const path = `/v1/content/${slug}`;
    // A last good answer of the review's page…
    let first: ApiResponse | undefined;
    for (let i = 0; i < 100 && first?.status !== 200; i++) {
      first = await api.request('GET', path);
      if (first.status !== 200) await sleep(100);
    }
    expect(first?.status).toBe(200);
    // …that survives an invalidation: another review is published, every cached answer is dropped.
    const generationKey = `${system.namespace}:cache:generation`;
    const generation = Number((await redis.get(generationKey)) ?? 0);
    const other = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), token, 201);
    await api.must('POST', `/v1/reviews/${other.id}/publish`, undefined, token);
    for (let i = 0; Number((await redis.get(generationKey)) ?? 0) <= generation; i++) {
      if (i > 100) throw new Error('the cache was not invalidated');
      await sleep(100);
    }
    expect(await breakers()).toEqual({
      identity: 'closed',
      reviews: 'closed',
      content: 'closed',
      jobs: 'closed',
      webhooks: 'closed',
      media: 'closed',
    });

    pause('content', 'reviews');
    // Calls wait for the deadline and fail; three in a row open each breaker. The reads are stale answers.
    // Reads and writes at once, so both breakers open together and the checks below run well within the
    // open time (one after the other, content's breaker was half-open again by the time a slow machine
    // got to them).
    const [reads, writes] = await Promise.all([
      Promise.all([1, 2, 3].map(() => api.request('GET', path))),
      Promise.all([1, 2, 3].map(() => write())),
    ]);
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.headers.get('x-cache')).toBe('STALE');
      expect(read.headers.get('warning')).toBe('110 - "Response is Stale"');
      expect(Number(read.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect((read.body as { data: { slug: string } }).data.slug).toBe(slug);
    }
    // Not retried (a write without an Idempotency-Key): each failed once, on the deadline.
    expect(writes.map((w) => w.status)).toEqual([504, 504, 504]);
    expect(await breakers()).toMatchObject({ content: 'open', reviews: 'open', identity: 'closed' });

    // Open: no more waiting for the deadline.
    const [stale, staleMs] = await timed(() => api.request('GET', path));
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('STALE');
    expect(staleMs).toBeLessThan(DEADLINE_MS / 2);
    const [unknown, unknownMs] = await timed(() => api.request<Problem>('GET', '/v1/content?limit=3'));
    expect(unknown.status).toBe(503); // nothing good kept for it
    expect(unknown.body.code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(unknownMs).toBeLessThan(DEADLINE_MS / 2);
    const [refused, refusedMs] = await timed(write);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(HALF_OPEN_MS / 1000));
    expect(refusedMs).toBeLessThan(DEADLINE_MS / 2);
    // Readiness: not ready as a whole, but what an orchestrator probes (scope=gateway) stays in rotation:
    // every gateway sees the same upstreams, so taking them all out would only turn this into an outage.
    const [whole, own] = await Promise.all([
      api.request<{ status: string }>('GET', '/readyz'),
      api.request<{ status: string; checks: Record<string, boolean> }>('GET', '/readyz?scope=gateway'),
    ]);
    expect([whole.status, whole.body.status]).toEqual([503, 'not-ready']);
    expect([own.status, own.body.status]).toEqual([200, 'degraded']);
    expect(own.body.checks).toMatchObject({ content: false, reviews: false, revocations: true });

    // After HALF_OPEN_MS one trial call goes through (half-open); content is still paused, so it opens again.
    await sleep(HALF_OPEN_MS + 100);
    const trial = api.request('GET', path);
    await sleep(200);
    expect((await breakers()).content).toBe('half-open');
    expect((await trial).headers.get('x-cache')).toBe('STALE');
    expect((await breakers()).content).toBe('open');

    resume('content', 'reviews');
    await sleep(HALF_OPEN_MS + 100);
    // The next calls are the trials: they succeed and close the breakers.
    const fresh = await api.request('GET', path);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-cache')).not.toBe('STALE');
    expect(fresh.headers.get('warning')).toBeNull();
    expect((await write()).status).toBe(201);
    expect(await breakers()).toMatchObject({ content: 'closed', reviews: 'closed' });
  }, 60_000);

  it('when the gateway gets SIGTERM during a request, then it stops taking new ones, finishes that one, and exits 0 promptly', async () => {
    const gateway = system.gateways[0]!;
    pause('content');
    // Not cached: the call waits on the paused content service.
    const inFlight = api.request('GET', '/v1/content?limit=11').catch((err: Error) => err);
    await sleep(300);
    const terminatedAt = Date.now();
    const exited = gateway.process.kill('SIGTERM');
    await sleep(200);
    // No new work: a new connection is refused (or answered 503 while closing).
    const late = await fetch(`${gateway.url}/healthz`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    resume('content');
    const answered = await inFlight;
    expect(answered).not.toBeInstanceOf(Error);
    expect((answered as ApiResponse).status).toBe(200);
    expect(await exited).toBe(0);
    expect(Date.now() - terminatedAt).toBeLessThan(5000);
  }, 30_000);

  it('when a service gets SIGTERM during a call, then it finishes the call before it exits 0 (gRPC server drained first)', async () => {
    const content = system.services.content;
    const client = signCallsOf(
      new protos.content.ContentService(content.address, channelCredentials(undefined)),
      new InternalTokenSigner(system.internalKeys.signingKey),
    );
    try {
      // A read-your-writes wait for a version that never comes: the call lasts its whole 1.5 s.
      const started = Date.now();
      const call = callUnary(
        client,
        client.AwaitVersions.bind(client),
        { watermarks: [{ kind: 'review', id: randomUUID(), version: 99 }], timeoutMs: 1500 },
        { timeoutMs: 10_000 },
      ).catch((err: Error) => err);
      await sleep(300);
      const exited = content.process.kill('SIGTERM');
      expect(await call).toEqual({ reached: false });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(await exited).toBe(0);
    } finally {
      client.close();
    }
  }, 30_000);
});
