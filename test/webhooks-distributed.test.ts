import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnService, waitForGrpc, type ServiceProcess } from '../scripts/processes.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

// Webhook delivery where it depends on more than one process: webhooks replicas sharing one PostgreSQL
// (claims with FOR UPDATE SKIP LOCKED and a lease), a replica killed in the middle of an attempt, and the
// SSRF guard of a restarted process refusing at delivery what an earlier configuration accepted.

const available = await distributedAvailable('webhooks (distributed)');

/** The webhooks processes' settings: receivers on 127.0.0.2 and 127.0.0.3, a compressed schedule, a short lease. */
const WEBHOOKS_ENV = {
  RCR_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2,127.0.0.3',
  RCR_WEBHOOK_RETRY_SCHEDULE: '0s,1s,1s,1s',
  RCR_WEBHOOK_POLL: '100ms',
  RCR_WEBHOOK_TIMEOUT: '2s',
  RCR_WEBHOOK_LEASE: '4s',
  LOG_LEVEL: 'info',
};

describe.skipIf(!available)(
  'webhooks in distributed mode (PostgreSQL, NATS; several webhooks processes)',
  () => {
    let system: DistributedSystem;
    let api: ApiClient;
    let admin: string;
    let cameraId: string;
    const replicas: ServiceProcess[] = [];
    const receivers: WebhookReceiver[] = [];

    /** Another webhooks process on the same database and bus (the gateway calls the first one only). */
    const startReplica = async (env: Record<string, string> = WEBHOOKS_ENV) => {
      const port = await freePort();
      const replica = spawnService(
        'webhooks',
        { ...system.env, ...env, GRPC_PORT: String(port) },
        { label: `webhooks-${port}` },
      );
      replicas.push(replica);
      await waitForGrpc(replica, `127.0.0.1:${port}`, 60_000);
      return replica;
    };
    const receiver = async (host: string) => {
      const started = await WebhookReceiver.start(host);
      receivers.push(started);
      return started;
    };
    const register = (url: string, events = ['review.published']) =>
      api.must<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', { url, events }, admin, 201);
    const publishReview = async () => {
      const review = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), admin, 201);
      await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, admin);
      return review.id;
    };
    const attemptsLogged = (process: ServiceProcess) =>
      process.output.filter((line) => line.includes('"webhook attempt"')).length;

    beforeAll(async () => {
      system = await startDistributedSystem(1, () => ({ webhooks: WEBHOOKS_ENV }));
      api = new ApiClient(system.gateways[0]!.url);
      admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
      cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
    }, 180_000);

    afterAll(async () => {
      await Promise.all(receivers.map((r) => r.close()));
      await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
      await system?.stop();
    });

    it('when two webhooks processes share the work, then each delivery reaches its receiver exactly once and both processes delivered', async () => {
      const replica = await startReplica();
      const first = await receiver('127.0.0.2');
      const second = await receiver('127.0.0.3');
      first.respond = second.respond = () => ({ status: 200, delayMs: 100 });
      const endpoints = [await register(first.url('/shared')), await register(second.url('/shared'))];
      const published: string[] = [];
      for (let i = 0; i < 12; i++) published.push(await publishReview());

      for (const hook of [first, second]) {
        await eventually(() => expect(new Set(hook.at('/shared').map((r) => r.id)).size).toBe(12), 30_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more may come
      for (const [i, hook] of [first, second].entries()) {
        const requests = hook.at('/shared');
        expect(requests).toHaveLength(12);
        expect(new Set(requests.map((r) => r.id)).size).toBe(12);
        const reviews = requests.map((r) => WebhookReceiver.verify(r, endpoints[i]!.secret).data.reviewId);
        expect(new Set(reviews)).toEqual(new Set(published));
      }
      expect(attemptsLogged(system.services.webhooks.process)).toBeGreaterThan(0);
      expect(attemptsLogged(replica)).toBeGreaterThan(0);
      await replica.kill('SIGTERM');
    }, 120_000);

    it('when the webhooks process is killed in the middle of an attempt, then the delivery is made again after the lease, with the same webhook-id, and events published meanwhile arrive too', async () => {
      const hook = await receiver('127.0.0.2');
      // The first request is held past the kill; every later one is answered at once.
      hook.respond = (_request, index) => (index === 0 ? { status: 200, delayMs: 10_000 } : { status: 200 });
      const endpoint = await register(hook.url('/killed'));
      const firstReview = await publishReview();
      await eventually(() => expect(hook.at('/killed')).toHaveLength(1), 20_000);

      await system.services.webhooks.process.kill('SIGKILL');
      const whileDown = await publishReview();
      await system.restart('webhooks');

      await eventually(() => expect(hook.at('/killed')).toHaveLength(3), 30_000);
      const requests = hook.at('/killed');
      const byReview = (reviewId: string) =>
        requests.filter((r) => WebhookReceiver.verify(r, endpoint.secret).data.reviewId === reviewId);
      // The interrupted delivery came again, under its own webhook-id; the one published while the process was down once.
      expect(byReview(firstReview)).toHaveLength(2);
      expect(new Set(byReview(firstReview).map((r) => r.id)).size).toBe(1);
      expect(byReview(whileDown)).toHaveLength(1);
      // Not before the lease (4 s) ran out.
      expect(
        (byReview(firstReview)[1]?.at ?? 0) - (byReview(firstReview)[0]?.at ?? 0),
      ).toBeGreaterThanOrEqual(3500);

      await eventually(async () => {
        const log = await api.request<{ data: { id: string; status: string }[] }>(
          'GET',
          `/v1/webhook-endpoints/${endpoint.id}/deliveries`,
          { token: admin },
        );
        expect(log.body.data.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
      }, 15_000);
    }, 120_000);

    it('when the inbound price feed has no secret, then it answers 503 INBOUND_NOT_CONFIGURED', async () => {
      const res = await api.request<{ code: string }>('POST', '/v1/inbound/prices', {
        rawBody: '{}',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'x',
          'webhook-timestamp': '1',
          'webhook-signature': 'v1,x',
        },
      });
      expect([res.status, res.body.code]).toEqual([503, 'INBOUND_NOT_CONFIGURED']);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('when a restarted process no longer allows an endpoint’s address, then its deliveries are refused at delivery and nothing reaches it', async () => {
      const hook = await receiver('127.0.0.3');
      const endpoint = await register(hook.url('/tightened'));
      // The only webhooks process now allows 127.0.0.2 only: the endpoint's 127.0.0.3 is a loopback address.
      await system.services.webhooks.process.kill('SIGTERM');
      const address = system.services.webhooks.address;
      const tightened = spawnService('webhooks', {
        ...system.env,
        ...WEBHOOKS_ENV,
        RCR_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2',
        GRPC_PORT: address.split(':')[1] as string,
      });
      system.services.webhooks = { ...system.services.webhooks, address, process: tightened };
      await waitForGrpc(tightened, address, 60_000);
      await publishReview();

      await eventually(async () => {
        const log = await api.request<{
          data: { status: string; attempts: { statusCode: number | null; error: string | null }[] }[];
        }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { token: admin });
        expect(log.body.data[0]).toMatchObject({ status: 'failed' });
        expect(log.body.data[0]?.attempts).toHaveLength(4);
        for (const attempt of log.body.data[0]?.attempts ?? []) {
          expect(attempt).toMatchObject({
            statusCode: null,
            error: expect.stringContaining('refused: the URL points to 127.0.0.3, a loopback address'),
          });
        }
      }, 30_000);
      expect(hook.at('/tightened')).toHaveLength(0);
    }, 120_000);
  },
);
