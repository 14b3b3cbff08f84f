import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { nginxAvailable, startNginx, type LocalNginx } from './support/nginx.ts';

// Two gateways behind a local nginx running deploy/nginx/rcr.conf (M24). Clients connect from 127.0.0.1;
// nginx listens on 127.0.0.2 and reaches the gateways from 127.0.0.3, the only proxy they trust.
const available = (await distributedAvailable('load balancer')) && nginxAvailable('load balancer');
const PROXY = '127.0.0.3';

/** The access-log line a gateway wrote for one request id (LOG_LEVEL=info), or undefined. */
function accessLine(system: DistributedSystem, gateway: number, requestId: string) {
  for (const line of system.gateways[gateway]?.process.output ?? []) {
    if (!line.includes(requestId)) continue;
    const entry = JSON.parse(line) as { msg?: string; requestId?: string; client?: string };
    if (entry.msg === 'request' && entry.requestId === requestId) return entry;
  }
  return undefined;
}

describe.skipIf(!available)('two gateways behind nginx', () => {
  let system: DistributedSystem;
  let nginx: LocalNginx;

  beforeAll(async () => {
    system = await startDistributedSystem(2, () => ({
      // Readers here are one client hammering; the rate limit is not under test.
      gateway: { TRUSTED_PROXIES: PROXY, LOG_LEVEL: 'info', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000' },
    }));
    nginx = await startNginx(
      system.gateways.map((g) => g.url),
      { listenHost: '127.0.0.2', bindHost: PROXY },
    );
  }, 180_000);

  const closers: (() => void)[] = [];

  afterAll(async () => {
    for (const close of closers) close();
    await nginx?.stop();
    await system?.stop();
  });

  it('when requests go through nginx, then both gateways answer them (round-robin)', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `rr-${Date.now()}-${i}`);

    for (const id of ids) {
      const response = await fetch(`${nginx.url}/v1/cameras`, { headers: { 'x-request-id': id } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(id);
    }

    await eventually(() => {
      const served = [0, 1].map((g) => ids.filter((id) => accessLine(system, g, id)).length);
      expect(served[0]! + served[1]!).toBe(ids.length);
      expect(served[0]).toBeGreaterThan(0);
      expect(served[1]).toBeGreaterThan(0);
    });
  });

  it('when a client sends X-Forwarded-For, then through nginx the gateway logs the address nginx saw and directly the header is ignored', async () => {
    const viaProxy = `xff-proxy-${Date.now()}`;
    const direct = `xff-direct-${Date.now()}`;

    await (
      await fetch(`${nginx.url}/v1/cameras`, {
        headers: { 'x-request-id': viaProxy, 'x-forwarded-for': '6.6.6.6' },
      })
    ).arrayBuffer();
    await (
      await fetch(`${system.gateways[0]!.url}/v1/cameras`, {
        headers: { 'x-request-id': direct, 'x-forwarded-for': '6.6.6.6' },
      })
    ).arrayBuffer();

    await eventually(() => {
      // The client's own address (127.0.0.1), not the proxy's (127.0.0.3) and not the claimed one.
      expect(accessLine(system, 0, viaProxy) ?? accessLine(system, 1, viaProxy)).toMatchObject({
        client: '127.0.0.1',
      });
      expect(accessLine(system, 0, direct)).toMatchObject({ client: '127.0.0.1' });
    });
  });

  it('when a gateway is killed under load, then reads through nginx go on without an error, writes retried with their Idempotency-Key land once, and a Socket.IO client comes back and is pushed to', async () => {
    const api = new ApiClient(nginx.url);
    const token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
    const socket = new PushClient(nginx.url, undefined, { reconnection: true });
    closers.push(() => socket.close());
    expect(await socket.subscribe(`camera:${camera.id}`)).toMatchObject({ ok: true });
    const publish = async () => {
      const review = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera.id), token, 201);
      await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, token);
      return review.id;
    };
    // A first push: the session now has an offset to recover from after a drop (connection-state recovery).
    const before = await publish();
    await socket.waitFor((event) => event.data.reviewId === before);

    let stop = false;
    const statuses: number[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const response = await fetch(`${nginx.url}/v1/cameras?limit=5`);
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    });
    const written: string[] = [];
    const writer = (async () => {
      for (let i = 0; i < 20; i++) {
        const key = `lb-${Date.now()}-${i}`;
        // A client's retry: the same key until the write is answered (a 502 from nginx when the
        // gateway died holding it; 409 while another gateway still holds the key's claim).
        for (let attempt = 0; ; attempt++) {
          const response = await api.request<{ data: { id: string } }>('POST', '/v1/reviews', {
            body: reviewBody(camera.id),
            token,
            headers: { 'idempotency-key': key },
          });
          if (response.status === 201) {
            written.push(response.body.data.id);
            break;
          }
          expect([409, 502, 503, 504], `attempt ${attempt}: ${response.status}`).toContain(response.status);
          if (attempt > 60) throw new Error(`write ${key} never landed`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await system.gateways[0]!.process.kill('SIGKILL');
    await writer;
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(readers);

    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(new Set(written).size).toBe(20);
    const mine = await api.must<{ id: string; cameraId: string }[]>(
      'GET',
      '/v1/reviews?limit=100',
      undefined,
      token,
    );
    expect(mine.filter((r) => r.cameraId === camera.id).length).toBe(21);

    // The client is connected again, through nginx, to the surviving gateway. When its own gateway was
    // the one killed, its session could not be saved (connection-state recovery needs the gateway that
    // held it to see the drop), so it joins its room again, as a Socket.IO client does when
    // `socket.recovered` is false; when its gateway survived it never left.
    await eventually(() => expect(socket.socket.connected).toBe(true), 15_000);
    if (!socket.socket.recovered) {
      expect(await socket.subscribe(`camera:${camera.id}`)).toMatchObject({ ok: true });
    }
    const after = await publish();
    const pushed = await socket.waitFor((event) => event.data.reviewId === after, 15_000);
    expect(pushed.type).toBe('review.published');
  }, 120_000);
});
