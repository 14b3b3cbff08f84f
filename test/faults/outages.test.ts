import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, reviewBody } from '../support/client.ts';
import { startDistributedSystem, type DistributedSystem } from '../support/distributed.ts';
import { TEST_ADMIN } from '../support/flow.ts';
import { distributedAvailable, infra } from '../support/infra.ts';
import { TcpProxy, viaProxy } from '../support/tcp-proxy.ts';

const available = await distributedAvailable('fault injection');

/**
 * The reviews service reaches PostgreSQL and NATS through proxies this test cuts, standing in for a
 * network failure between one service and its dependencies.
 */
describe.skipIf(!available)('distributed mode under dependency outages', () => {
  let system: DistributedSystem;
  let api: ApiClient;
  let token: string;
  let cameraId: string;
  const pgUrl = new URL(infra.postgresUrl);
  const natsUrl = new URL(infra.natsUrl);
  const dbProxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
  const busProxy = new TcpProxy(natsUrl.hostname, Number(natsUrl.port || 4222));

  beforeAll(async () => {
    await dbProxy.listen();
    await busProxy.listen();
    system = await startDistributedSystem(1, (env) => ({
      reviews: {
        DATABASE_URL: viaProxy(env.DATABASE_URL as string, dbProxy),
        NATS_URL: viaProxy(infra.natsUrl, busProxy),
      },
    }));
    api = new ApiClient(system.gateways[0]!.url);
    const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    await api.must(
      'POST',
      '/v1/editors',
      { email: 'faults@test.rcr', name: 'Fault Editor', password: 'editor-password-1' },
      admin.accessToken,
      201,
    );
    token = (await api.login('faults@test.rcr', 'editor-password-1')).accessToken;
    cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201)).id;
  }, 180_000);

  // A failure here has been seen once in a full run and not again alone: say what the processes said.
  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const [name, process] of [
      ['reviews', system?.services.reviews?.process],
      ['gateway', system?.gateways[0]?.process],
    ] as const) {
      console.error(
        `--- ${name} (exit: ${process?.child.exitCode ?? 'running'}) ---\n${process?.output.slice(-40).join('\n')}`,
      );
    }
  });

  afterAll(async () => {
    await dbProxy.restore().catch(() => undefined);
    await busProxy.restore().catch(() => undefined);
    await system?.stop();
    await dbProxy.close();
    await busProxy.close();
  });

  it('when the reviews database is unreachable, then writes answer 503 problem+json quickly, reads still work, and nothing stored is lost', async () => {
    const before = await api.must<{ id: string; title: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      token,
      201,
    );
    await dbProxy.cut();
    try {
      const started = Date.now();
      const res = await api.request<{ status: number; code: string }>('POST', '/v1/reviews', {
        body: reviewBody(cameraId),
        token,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await api.request('GET', '/v1/content')).status).toBe(200);
    } finally {
      await dbProxy.restore();
    }
    // Back: the earlier review is intact and new writes succeed.
    let after = await api.request<{ data: { title: string } }>('GET', `/v1/reviews/${before.id}`, { token });
    for (let i = 0; i < 20 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await api.request('GET', `/v1/reviews/${before.id}`, { token });
    }
    expect(after.status).toBe(200);
    expect(after.body.data.title).toBe(before.title);
    await api.must('POST', '/v1/reviews', reviewBody(cameraId), token, 201);
  });

  it('when the bus is unreachable, then publishing still succeeds and the read model catches up once it is back', async () => {
    const review = await api.must<{ id: string; slug: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId, { title: 'Publicada durante el corte' }),
      token,
      201,
    );
    await busProxy.cut();
    try {
      const res = await api.request<{ data: { status: string } }>(
        'POST',
        `/v1/reviews/${review.id}/publish`,
        { token },
      );
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe('published');
      await new Promise((r) => setTimeout(r, 500));
      expect((await api.request('GET', `/v1/content/${review.slug}`)).status).toBe(404);
    } finally {
      await busProxy.restore();
    }
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await api.request('GET', `/v1/content/${review.slug}`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
