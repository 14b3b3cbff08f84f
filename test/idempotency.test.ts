import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

const available = await distributedAvailable('idempotency end to end');

describe.skipIf(!available)('Idempotency-Key end to end (distributed mode, two gateways)', () => {
  let system: DistributedSystem;
  let token: string;
  let cameraId: string;

  beforeAll(async () => {
    // The reviews service answers 1.5 s after its write committed: time to kill the gateway in between.
    system = await startDistributedSystem(2, () => ({ reviews: { RCR_FAULTS: 'slow-reply:1500' } }));
    const api = new ApiClient(system.gateways[1]!.url);
    const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    token = admin.accessToken;
    cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201)).id;
  }, 180_000);
  afterAll(async () => system?.stop());

  /** Ids of the reviews with this title, straight from the reviews service's table. */
  async function reviewIdsTitled(title: string): Promise<string[]> {
    const client = new pg.Client({ connectionString: system.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ id: string }>(
        'SELECT id::text AS id FROM reviews.reviews WHERE title = $1',
        [title],
      );
      return rows.rows.map((r) => r.id);
    } finally {
      await client.end();
    }
  }

  it('when the gateway dies after the write committed and the client retries on another gateway with the same key, then the review exists once and the retry returns it', async () => {
    const runs = 4;
    const counts: number[] = [];
    for (let run = 0; run < runs; run++) {
      const key = `kill-${run}-${Date.now()}`;
      const body = reviewBody(cameraId, { title: `Idempotent under a crash ${run} ${key}` });
      const first = new ApiClient(system.gateways[0]!.url)
        .request('POST', '/v1/reviews', { body, token, headers: { 'idempotency-key': key } })
        .catch(() => undefined); // the connection dies with the gateway
      // Kill the gateway once the write has committed (its answer is held back by slow-reply).
      const committedAt = Date.now();
      while ((await reviewIdsTitled(body.title)).length === 0) {
        if (Date.now() - committedAt > 20_000) throw new Error('the first attempt never committed');
        await new Promise((r) => setTimeout(r, 20));
      }
      await system.gateways[0]!.process.kill('SIGKILL');
      await first;

      const other = new ApiClient(system.gateways[1]!.url);
      let retry = await other.request<{ data: { id: string }; code?: string }>('POST', '/v1/reviews', {
        body,
        token,
        headers: { 'idempotency-key': key },
      });
      // The dead gateway's claim on the key lapses after a few seconds (409 until then).
      for (let i = 0; i < 60 && retry.status === 409; i++) {
        await new Promise((r) => setTimeout(r, 200));
        retry = await other.request('POST', '/v1/reviews', {
          body,
          token,
          headers: { 'idempotency-key': key },
        });
      }
      expect(retry.status).toBe(201);

      const ids = await reviewIdsTitled(body.title);
      counts.push(ids.length);
      expect(ids).toEqual([retry.body.data.id]);
      // A third attempt, later, on the first gateway again: the same answer, replayed.
      await system.restartGateway(0);
      const first0 = new ApiClient(system.gateways[0]!.url);
      const post = () =>
        first0.request<{ data: { id: string } }>('POST', '/v1/reviews', {
          body,
          token,
          headers: { 'idempotency-key': key },
        });
      // 409 means "still in flight, retry": the retry's record may not have reached Redis (it is then
      // answered by the service's own record once the retry's claim lapses).
      let again = await post();
      for (let i = 0; i < 60 && again.status === 409; i++) {
        await new Promise((r) => setTimeout(r, 200));
        again = await post();
      }
      expect({
        status: again.status,
        id: again.body?.data?.id,
        body: again.status === 201 ? undefined : again.body,
      }).toEqual({ status: 201, id: retry.body.data.id, body: undefined });
    }
    console.log(
      `gateway killed after the commit, retried elsewhere: reviews per key ${JSON.stringify(counts)}`,
    );
  }, 240_000);

  it('when a key is reused with another body, then the service refuses it (422) even without the gateway\u2019s record', async () => {
    const api = new ApiClient(system.gateways[1]!.url);
    const key = `reuse-${Date.now()}`;
    const created = await api.request('POST', '/v1/reviews', {
      body: reviewBody(cameraId, { title: 'First body for this key' }),
      token,
      headers: { 'idempotency-key': key },
    });
    expect(created.status).toBe(201);
    // The other gateway shares the fast path through Redis; drop it there so the service alone decides.
    await system.gateways[0]!.process.kill('SIGKILL');
    await system.restartGateway(0);
    const { Redis } = await import('ioredis');
    const redis = new Redis(system.env.REDIS_URL as string);
    try {
      const keys = await redis.keys(`${system.namespace}:*idempotency*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const reused = await new ApiClient(system.gateways[0]!.url).request<{ code: string }>(
      'POST',
      '/v1/reviews',
      {
        body: reviewBody(cameraId, { title: 'Another body, same key' }),
        token,
        headers: { 'idempotency-key': key },
      },
    );
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  }, 120_000);
});
