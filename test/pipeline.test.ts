import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent, newId } from '@rcr/platform';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable, infra } from './support/infra.ts';
import { TcpProxy, viaProxy } from './support/tcp-proxy.ts';

const available = await distributedAvailable('event pipeline under failure');
const run = promisify(execFile);

/** Events the content read model consumes (what "acknowledged by the write side" means for it). */
const CONTENT_TYPES = [
  'editor.registered',
  'editor.updated',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
];

/** Runs SQL against the system's database (every service's schema is in it). */
async function sql<T extends pg.QueryResultRow>(
  system: DistributedSystem,
  text: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: system.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * What the read model did with every event the write side emitted for it, straight from the database:
 * acknowledged = outbox rows (identity and reviews) of the types content consumes; lost = those content
 * never applied; redelivered = deliveries the inbox recognised and skipped; duplicate effects = event ids
 * with more than one row in content's applied-events ledger.
 */
async function pipelineFigures(system: DistributedSystem) {
  const [row] = await sql<{ acknowledged: number; lost: number; redelivered: number; duplicates: number }>(
    system,
    `WITH emitted AS (
       SELECT id FROM reviews.outbox WHERE type = ANY($1) UNION ALL SELECT id FROM identity.outbox WHERE type = ANY($1)
     ), applied AS (
       SELECT event_id, count(*) AS n FROM content.applied_events WHERE consumer = 'content' GROUP BY event_id
     )
     SELECT (SELECT count(*) FROM emitted)::int AS acknowledged,
       (SELECT count(*) FROM emitted e WHERE NOT EXISTS (SELECT 1 FROM applied a WHERE a.event_id = e.id))::int AS lost,
       (SELECT coalesce(sum(duplicates), 0) FROM content.inbox WHERE consumer = 'content')::int AS redelivered,
       (SELECT count(*) FROM applied WHERE n > 1)::int AS duplicates`,
    [CONTENT_TYPES],
  );
  return row as { acknowledged: number; lost: number; redelivered: number; duplicates: number };
}

/** Polls until `check` holds or `timeoutMs` passes; returns how long it took. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

async function newEditor(api: ApiClient, label: string) {
  const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  const email = `${label}-${Date.now()}@test.rcr`;
  await api.must(
    'POST',
    '/v1/editors',
    { email, name: `Editor ${label}`, password: 'editor-password-1' },
    admin.accessToken,
    201,
  );
  const { accessToken } = await api.login(email, 'editor-password-1');
  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), accessToken, 201);
  return { admin: admin.accessToken, token: accessToken, cameraId: camera.id };
}

async function publishedCount(api: ApiClient, cameraId: string): Promise<number> {
  const res = await api.request<{ meta?: { total: number } }>(
    'GET',
    `/v1/cameras/${cameraId}/reviews?limit=1`,
  );
  return res.status === 200 ? (res.body.meta?.total ?? 0) : -1;
}

describe.skipIf(!available)('event pipeline under failure (distributed mode)', () => {
  describe('when the consumer dies after applying an event and before acknowledging it', () => {
    let system: DistributedSystem;
    // RCR_TEST_DISABLE_INBOX=1 switches the inbox off to show this test fails without it.
    const faults = `crash-after-apply:6${process.env.RCR_TEST_DISABLE_INBOX === '1' ? ',disable-inbox' : ''}`;

    beforeAll(async () => {
      system = await startDistributedSystem(1, () => ({ content: { RCR_FAULTS: faults } }));
    }, 180_000);
    afterAll(async () => system?.stop());

    it('then every event is applied exactly once: redeliveries observed, none lost, no duplicate effect', async () => {
      const api = new ApiClient(system.gateways[0]!.url);
      let restarts = 0;
      let watching = true;
      // Bring content back whenever the injected fault kills it (as an orchestrator would).
      const watcher = (async () => {
        while (watching) {
          const content = system.services.content.process;
          if (content.child.exitCode !== null || content.child.signalCode !== null) {
            restarts += 1;
            // The fault may kill it again before its health is seen (a backlog applies fast): then the
            // next round restarts it once more.
            await system.restart('content').catch((err: unknown) => {
              const again = system.services.content.process.child;
              if (again.exitCode === null && again.signalCode === null) throw err;
            });
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      try {
        const { token, cameraId } = await newEditor(api, 'crash');
        const total = 30;
        let acknowledged = 0;
        for (let i = 0; i < total; i++) {
          const review = await api.must<{ id: string }>(
            'POST',
            '/v1/reviews',
            reviewBody(cameraId, { title: `Crash test ${i}` }),
            token,
            201,
          );
          await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, token, 200);
          acknowledged += 1;
        }
        const catchUp = await until(
          'every review in the read model',
          async () => (await publishedCount(api, cameraId)) === total,
          120_000,
        );
        // Let the last redeliveries (held by a killed consumer until the ack wait) arrive.
        await until(
          'the outbox fully applied',
          async () => (await pipelineFigures(system)).lost === 0,
          30_000,
        );
        const figures = await pipelineFigures(system);
        console.log(
          `crash-after-apply: ${restarts} consumer crashes; publishes acknowledged ${acknowledged}; events acknowledged ${figures.acknowledged} / lost ${figures.lost} / redelivered ${figures.redelivered} / duplicate effects ${figures.duplicates}; read model complete ${catchUp} ms after the last publish`,
        );
        expect(restarts).toBeGreaterThan(0);
        expect(figures.lost).toBe(0);
        expect(figures.duplicates).toBe(0);
        expect(figures.redelivered).toBeGreaterThan(0);
      } finally {
        watching = false;
        await watcher;
      }
    }, 240_000);
  });

  describe('when the read model\u2019s database is unreachable for a long time under publishing', () => {
    let system: DistributedSystem;
    const pgUrl = new URL(infra.postgresUrl);
    const dbProxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
    const outageMs = Number(process.env.RCR_TEST_OUTAGE_MS ?? 60_000);

    beforeAll(async () => {
      await dbProxy.listen();
      system = await startDistributedSystem(1, (env) => ({
        content: {
          DATABASE_URL: viaProxy(env.DATABASE_URL as string, dbProxy),
          RCR_BUS_PAUSE_PROBE_MAX: '2s',
        },
      }));
    }, 180_000);
    afterAll(async () => {
      await dbProxy.restore().catch(() => undefined);
      await system?.stop();
      await dbProxy.close();
    });

    it('then the consumers pause, nothing is lost or dead-lettered, readiness says so, and the read model converges after', async () => {
      const api = new ApiClient(system.gateways[0]!.url);
      const { admin, token, cameraId } = await newEditor(api, 'outage');
      const ids: string[] = [];
      for (let i = 0; i < 20; i++)
        ids.push(
          (
            await api.must<{ id: string }>(
              'POST',
              '/v1/reviews',
              reviewBody(cameraId, { title: `Outage ${i}` }),
              token,
              201,
            )
          ).id,
        );
      await api.must('POST', `/v1/reviews/${ids[0]}/publish`, undefined, token, 200);
      await until(
        'the first review in the read model',
        async () => (await publishedCount(api, cameraId)) === 1,
        30_000,
      );

      await dbProxy.cut();
      const cutAt = Date.now();
      let notReadySeen = false;
      try {
        // Publish the rest over the outage: writes do not depend on the read side.
        for (const [i, id] of ids.slice(1).entries()) {
          await api.must('POST', `/v1/reviews/${id}/publish`, undefined, token, 200);
          const readiness = await api.request<{ checks: Record<string, boolean> }>('GET', '/readyz');
          if (readiness.status === 503 && readiness.body.checks.content === false) notReadySeen = true;
          await new Promise((r) =>
            setTimeout(r, Math.max(0, (outageMs * (i + 1)) / ids.length - (Date.now() - cutAt))),
          );
        }
        await new Promise((r) => setTimeout(r, Math.max(0, outageMs - (Date.now() - cutAt))));
      } finally {
        await dbProxy.restore();
      }
      const recovery = await until(
        'every review in the read model',
        async () => (await publishedCount(api, cameraId)) === ids.length,
        60_000,
      );

      const figures = await pipelineFigures(system);
      const letters = await api.request<{ data: unknown[] }>('GET', '/v1/admin/dead-letters', {
        token: admin,
      });
      console.log(
        `read-model database cut for ${Math.round((Date.now() - cutAt - recovery) / 1000)} s while ${ids.length - 1} reviews were published: events acknowledged ${figures.acknowledged} / lost ${figures.lost} / redelivered ${figures.redelivered} / duplicate effects ${figures.duplicates}; dead letters ${letters.body.data.length}; read model complete ${recovery} ms after the database came back`,
      );
      expect(notReadySeen).toBe(true);
      expect(figures.lost).toBe(0);
      expect(figures.duplicates).toBe(0);
      expect(letters.status).toBe(200);
      expect(letters.body.data).toEqual([]);
      // Ready again once its next health checks see the database (they run every RCR_HEALTH_INTERVAL).
      await until('readiness', async () => (await api.request('GET', '/readyz')).status === 200, 15_000);
    }, 300_000);
  });

  describe('administration', () => {
    let system: DistributedSystem;
    let api: ApiClient;
    let admin: string;
    let editor: string;

    beforeAll(async () => {
      system = await startDistributedSystem(1);
      api = new ApiClient(system.gateways[0]!.url);
      ({ admin, token: editor } = await newEditor(api, 'admin'));
    }, 180_000);
    afterAll(async () => system?.stop());

    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/rcr.ts', ...args], {
        env: {
          ...process.env,
          RCR_URL: system.gateways[0]!.url,
          RCR_ADMIN_EMAIL: TEST_ADMIN.email,
          RCR_ADMIN_PASSWORD: TEST_ADMIN.password,
        },
      });

    it('when a poison event reaches the consumers, then admins list it (API and CLI), see the error, replay it to its group, and discard it', async () => {
      const nc = await connect({ servers: infra.natsUrl });
      const poisonId = '01a22b5c-0000-7000-8000-000000000001';
      try {
        const poison = {
          id: poisonId,
          type: 'review.published',
          version: 1,
          occurredAt: new Date().toISOString(),
          source: 'attacker',
          subject: 'r-1',
          data: { reviewId: 42 },
        };
        await jetstream(nc).publish(
          `${system.namespace}.events.review.published`,
          new TextEncoder().encode(JSON.stringify(poison)),
        );
      } finally {
        await nc.close();
      }
      type Letter = { id: string; group: string; eventId: string; error: string; attempts: number };
      const list = async (group: string) =>
        (
          await api.request<{ data: Letter[] }>('GET', `/v1/admin/dead-letters?group=${group}`, {
            token: admin,
          })
        ).body.data;
      await until(
        'the poison event in the content group\u2019s dead letters',
        async () => (await list('content')).length === 1,
        30_000,
      );

      expect((await api.request('GET', '/v1/admin/dead-letters')).status).toBe(401);
      expect((await api.request('GET', '/v1/admin/dead-letters', { token: editor })).status).toBe(403);
      const [letter] = await list('content');
      expect(letter).toMatchObject({ group: 'content', eventId: poisonId, attempts: 1 });
      expect(letter?.error).toMatch(/invalid review.published payload/);
      const one = await api.request<{ data: { event: { source: string } } }>(
        'GET',
        `/v1/admin/dead-letters/${letter?.id}`,
        { token: admin },
      );
      expect(one.body.data.event.source).toBe('attacker');
      const { stdout } = await cli('dead-letters', 'list', '--group', 'content');
      expect(stdout).toContain(poisonId);

      const replayed = await api.request<{ data: { group: string } }>(
        'POST',
        `/v1/admin/dead-letters/${letter?.id}/replay`,
        { token: admin },
      );
      expect(replayed.status).toBe(202);
      expect(replayed.body.data.group).toBe('content');
      // Still invalid: it comes back, as a new letter, to the content group only.
      await until(
        'the replayed poison back in the dead letters',
        async () => {
          const again = await list('content');
          return again.length === 1 && again[0]?.id !== letter?.id;
        },
        30_000,
      );
      expect(
        (await api.request('GET', `/v1/admin/dead-letters/${letter?.id}`, { token: admin })).status,
      ).toBe(404);

      const [second] = await list('content');
      expect(
        (await api.request('DELETE', `/v1/admin/dead-letters/${second?.id}`, { token: admin })).status,
      ).toBe(204);
      expect(
        (await api.request('DELETE', `/v1/admin/dead-letters/${second?.id}`, { token: admin })).status,
      ).toBe(404);
      expect(await list('content')).toEqual([]);
      const all = await cli('dead-letters', 'replay', '--all');
      expect(all.stdout).toMatch(/replayed \d+ dead letter/);
    }, 120_000);

    it('when the push consumer gets the same event twice (a redelivery), then sockets receive it once, with its id', async () => {
      const socket = new PushClient(system.gateways[0]!.url);
      try {
        expect(await socket.subscribe('feed')).toMatchObject({ ok: true });
        const event = newEvent('reviews', 'review.published', newId(), {
          reviewId: newId(),
          slug: `twice-${Date.now()}`,
          cameraId: 'no-camera',
          authorId: newId(),
          title: 'Delivered twice',
          body: 'b',
          rating: 7,
          pros: [],
          cons: [],
          verdict: 'v',
          language: 'en',
          status: 'published',
          publishedAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          version: 2,
        });
        const nc = await connect({ servers: infra.natsUrl });
        try {
          // Two messages with one event id (as a redelivery after a lost acknowledgement looks to a consumer).
          for (const msgID of ['first', 'second'])
            await jetstream(nc).publish(
              `${system.namespace}.events.review.published`,
              JSON.stringify(event),
              { msgID },
            );
        } finally {
          await nc.close();
        }
        const pushed = await socket.waitFor((e) => e.id === event.id);
        await new Promise((r) => setTimeout(r, 1500));
        expect(pushed.id).toBe(event.id);
        expect(socket.events.filter((e) => e.id === event.id)).toHaveLength(1);
      } finally {
        socket.close();
      }
    }, 60_000);

    it('when the read model has drifted, then a reconciliation finds the drift and repairs it through the outbox', async () => {
      const reviews: { id: string; slug: string; title: string }[] = [];
      const { cameraId } = await newEditor(api, 'drift');
      for (const title of ['Missing one', 'Outdated one', 'Fine one']) {
        const review = await api.must<{ id: string; slug: string }>(
          'POST',
          '/v1/reviews',
          reviewBody(cameraId, { title }),
          editor,
          201,
        );
        await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, editor, 200);
        reviews.push({ ...review, title });
      }
      await until(
        'three reviews in the read model',
        async () => {
          const answers = await Promise.all(reviews.map((r) => api.request('GET', `/v1/content/${r.slug}`)));
          return answers.every((answer) => answer.status === 200);
        },
        30_000,
      );
      // Whatever drift earlier tests left (e.g. an event published straight to the bus) is repaired first.
      await cli('reconcile');
      const [missing, outdated] = reviews as [(typeof reviews)[0], (typeof reviews)[0]];
      // Drift, as lost or misapplied events would leave it.
      await sql(system, 'DELETE FROM content.content WHERE review_id = $1', [missing.id]);
      await sql(system, 'DELETE FROM content.review_versions WHERE review_id = $1', [missing.id]);
      await sql(
        system,
        `UPDATE content.content SET title = 'Stale title', version = 1 WHERE review_id = $1`,
        [outdated.id],
      );
      await sql(system, 'UPDATE content.review_versions SET version = 1 WHERE review_id = $1', [outdated.id]);
      await sql(
        system,
        `INSERT INTO content.content (review_id, slug, camera_id, author_id, title, body, rating, verdict, published_at, updated_at, version)
         SELECT '01a22b5c-0000-7000-8000-0000000000aa', 'ghost-review', camera_id, author_id, 'Ghost', 'b', 5, 'v', now(), now(), 3
         FROM content.content WHERE review_id = $1`,
        [outdated.id],
      );
      await sql(
        system,
        `INSERT INTO content.review_versions (review_id, version) VALUES ('01a22b5c-0000-7000-8000-0000000000aa', 3)`,
      );

      const { stdout } = await cli('reconcile');

      console.log(`reconcile: ${stdout.trim().split('\n').at(-1)}`);
      expect(stdout).toMatch(
        /finished: (\d+)\/\1 parts checked; missing 1, outdated 1, extra 1; repaired 3, could not repair 0/,
      );
      await until(
        'the drift repaired in the read model',
        async () => {
          const [m, o, ghost] = await Promise.all([
            api.request('GET', `/v1/content/${missing.slug}`),
            api.request<{ data: { title: string } }>('GET', `/v1/content/${outdated.slug}`),
            api.request('GET', '/v1/content/ghost-review'),
          ]);
          return m.status === 200 && o.body.data.title === outdated.title && ghost.status === 404;
        },
        30_000,
      );
      const second = await cli('reconcile');
      expect(second.stdout).toMatch(/missing 0, outdated 0, extra 0; repaired 0/);
    }, 120_000);
  });
});
