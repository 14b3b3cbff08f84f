import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { runPublishFlow, TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { SseClient } from './support/sse.ts';
import { withinOneWindow } from './support/rate-window.ts';

const available = await distributedAvailable('distributed mode');

/** A new camera, and a function that creates and publishes one review of it as the admin (its id). */
async function reviewPublisher(gatewayUrl: string) {
  const api = new ApiClient(gatewayUrl);
  const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201);
  const publish = async () => {
    const review = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera.id), admin, 201);
    await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, admin);
    return review.id;
  };
  return { camera, publish };
}

describe.skipIf(!available)(
  'distributed mode (PostgreSQL, NATS JetStream, Redis; one process per service)',
  () => {
    let system: DistributedSystem;

    beforeAll(async () => {
      // One recent event in each gateway's memory: SSE resumption reads the JetStream stream.
      system = await startDistributedSystem(2, () => ({ gateway: { SSE_RECENT_EVENTS: '1' } }));
    }, 180_000);

    afterAll(async () => {
      await system?.stop();
    });

    it('when an editor publishes through one gateway, then a reader of another gateway sees it and its socket gets review.published', async () => {
      const [a, b] = system.gateways as [{ url: string }, { url: string }, ...unknown[]];
      const { latencyMs } = await runPublishFlow(a.url, b.url);
      console.log(
        `distributed publish→push latency (gateway A → NATS → content/push → Redis → gateway B): ${latencyMs} ms`,
      );
    });

    it('when an SSE client drops and resumes on the other gateway, and again after that gateway restarts, then it gets exactly what it missed', async () => {
      const url = (i: number) => system.gateways[i]!.url;
      const { camera, publish } = await reviewPublisher(url(0));
      const follow = async (i: number, lastEventId?: string) => {
        const client = new SseClient(url(i), `camera:${camera.id}`, lastEventId ? { lastEventId } : {});
        await client.opened;
        return client;
      };
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
      };
      const reviewIds = (client: SseClient) => client.messages.map((m) => m.data.data?.reviewId);

      const a = await follow(0);
      const r1 = await publish();
      await until(() => a.of('review.published', r1).length === 1);
      const seen = a.of('review.published', r1)[0]?.id as string;
      a.close();
      const missed = [await publish(), await publish()];
      const b = await follow(1, seen);
      await until(() => b.messages.length >= 2);
      const r4 = await publish();
      await until(() => b.messages.length >= 3);
      expect(reviewIds(b)).toEqual([...missed, r4]);
      const last = b.messages.at(-1)?.id as string;
      b.close();

      await system.gateways[1]!.process.kill('SIGKILL');
      const r5 = await publish();
      await system.restartGateway(1);
      const c = await follow(1, last);
      await until(() => c.messages.length >= 1);
      await new Promise((r) => setTimeout(r, 200)); // nothing more may come
      expect(reviewIds(c)).toEqual([r5]);
      const ids = [...b.messages, ...c.messages].map((m) => Number(m.id));
      expect(ids.every((id) => id > Number(seen))).toBe(true);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      c.close();
    }, 60_000);

    it('when a Socket.IO client drops and reconnects to the other gateway with its session, then it gets what it missed without subscribing again', async () => {
      const { camera, publish } = await reviewPublisher(system.gateways[0]!.url);
      const first = new PushClient(system.gateways[0]!.url);
      expect(await first.subscribe(`camera:${camera.id}`)).toMatchObject({ ok: true });
      const r1 = await publish();
      await first.waitFor((e) => e.data.reviewId === r1 && e.type === 'review.published');
      // The session the client would send when reconnecting (socket.io-client keeps it in these fields).
      const session = first.socket as unknown as { _pid?: string; _lastOffset?: string };
      const { _pid: pid, _lastOffset: offset } = session;
      expect(pid).toBeTruthy();
      first.socket.io.engine.close(); // the connection drops (not a clean disconnect)
      const missed = await publish();

      const again = new PushClient(system.gateways[1]!.url, { pid, offset });
      await new Promise<void>((resolve) => again.socket.once('connect', () => resolve()));
      // (socket.io-client's `recovered` flag compares with its own earlier pid, which this new client lacks:
      // the proof is the missed event arriving, and later ones, with no subscribe sent.)
      await again.waitFor((e) => e.data.reviewId === missed && e.type === 'review.published');
      const later = await publish();
      await again.waitFor((e) => e.data.reviewId === later && e.type === 'review.published');
      expect(again.events.filter((e) => e.data.reviewId === r1)).toEqual([]);
      first.close();
      again.close();
    }, 60_000);

    it('when the content process is SIGKILLed while reviews are being published, then after a restart every review is in the read model exactly once', async () => {
      const api = new ApiClient(system.gateways[0]!.url);
      const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
      const email = `kill-${Date.now()}@test.rcr`;
      await api.must(
        'POST',
        '/v1/editors',
        { email, name: 'Kill Test', password: 'editor-password-1' },
        admin.accessToken,
        201,
      );
      const { accessToken } = await api.login(email, 'editor-password-1');
      const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), accessToken, 201);
      const total = 40;
      const ids: string[] = [];
      for (let i = 0; i < total; i++) {
        ids.push(
          (
            await api.must<{ id: string }>(
              'POST',
              '/v1/reviews',
              reviewBody(camera.id, { title: `Kill test review ${i}` }),
              accessToken,
              201,
            )
          ).id,
        );
      }

      // Publish continuously; part-way through, kill content without warning; keep publishing (writes do
      // not depend on the read side); then bring content back.
      let killed: Promise<unknown> | undefined;
      for (const [i, id] of ids.entries()) {
        await api.must('POST', `/v1/reviews/${id}/publish`, undefined, accessToken, 200);
        if (i === 12) killed = system.services.content.process.kill('SIGKILL');
      }
      expect(await killed).toBe('SIGKILL');
      await system.restart('content');

      const reader = new ApiClient(system.gateways[1]!.url);
      const deadline = Date.now() + 60_000;
      let seen = 0;
      while (Date.now() < deadline) {
        const res = await reader.request<{ meta?: { total: number } }>(
          'GET',
          `/v1/cameras/${camera.id}/reviews?limit=100`,
        );
        seen = res.body.meta?.total ?? 0;
        if (res.status === 200 && seen === total) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen).toBe(total);

      // Exactly once: one row per review and one inbox entry per published event, straight from the database.
      const client = new pg.Client({ connectionString: system.databaseUrl });
      await client.connect();
      try {
        const rows = await client.query<{ n: number; distinct_ids: number }>(
          'SELECT count(*)::int AS n, count(DISTINCT review_id)::int AS distinct_ids FROM content.content WHERE review_id::text = ANY($1::text[])',
          [ids],
        );
        expect(rows.rows[0]).toEqual({ n: total, distinct_ids: total });
        const published = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM reviews.outbox WHERE type = 'review.published' AND event->>'subject' = ANY($1::text[])`,
          [ids],
        );
        expect(published.rows[0]?.n).toBe(total);
        const applied = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM content.inbox i JOIN reviews.outbox o ON o.id = i.event_id
          WHERE i.consumer = 'content' AND o.type = 'review.published' AND o.event->>'subject' = ANY($1::text[])`,
          [ids],
        );
        expect(applied.rows[0]?.n).toBe(total);
      } finally {
        await client.end();
      }
    });
    it('when an edit is published through one gateway, then another gateway\u2019s cached answer (in Redis) is invalidated', async () => {
      const [a, b] = system.gateways as [{ url: string }, { url: string }, ...unknown[]];
      const writer = new ApiClient(a.url);
      const reader = new ApiClient(b.url);
      const admin = await writer.login(TEST_ADMIN.email, TEST_ADMIN.password);
      const camera = await writer.must<{ id: string }>(
        'POST',
        '/v1/cameras',
        cameraBody(),
        admin.accessToken,
        201,
      );
      const review = await writer.must<{ id: string; slug: string }>(
        'POST',
        '/v1/reviews',
        reviewBody(camera.id, { title: 'Antes' }),
        admin.accessToken,
        201,
      );
      const published = await writer.request('POST', `/v1/reviews/${review.id}/publish`, {
        token: admin.accessToken,
      });
      const path = `/v1/content/${review.slug}`;
      // Its writer's read on the other gateway waits for the read model (the gateways share the key).
      const own = await reader.request('GET', path, {
        token: admin.accessToken,
        headers: { 'rcr-consistency-token': published.headers.get('rcr-consistency-token') as string },
      });
      expect(own.headers.get('rcr-consistency')).toBe('reached');
      // Invalidations of the writes above land asynchronously; wait until gateway B answers from its cache.
      for (let i = 0, hits = 0; i < 100 && hits < 2; i++) {
        hits = (await reader.request('GET', path)).headers.get('x-cache') === 'HIT' ? hits + 1 : 0;
      }
      // Gateway A has never read this path: a hit there comes from the cache B filled in Redis.
      expect((await writer.request('GET', path)).headers.get('x-cache')).toBe('HIT');
      await writer.must('PATCH', `/v1/reviews/${review.id}`, { title: 'Después' }, admin.accessToken);
      let title = '';
      for (let i = 0; i < 100 && title !== 'Después'; i++) {
        title = (await reader.request<{ data: { title: string } }>('GET', path)).body.data.title;
        if (title !== 'Después') await new Promise((r) => setTimeout(r, 50));
      }
      expect(title).toBe('Después');
    });

    // Last in this file: it spends this machine's login budget for the minute.
    it('when logins are spread over two gateways, then they share one rate limit through Redis', async () => {
      await withinOneWindow(15000);
      const [a, b] = system.gateways as [{ url: string }, { url: string }, ...unknown[]];
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) {
        const client = new ApiClient(i % 2 === 0 ? a.url : b.url);
        const res = await client.request('POST', '/v1/auth/login', {
          body: { email: 'nobody@test.rcr', password: 'wrong-password' },
        });
        statuses.push(res.status);
      }
      // The default login limit is 20 per minute per IP; per-gateway counters would allow all 24.
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    });
  },
);
