import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, reviewBody } from '../support/client.ts';
import { startDistributedSystem, type BackEnd, type DistributedSystem } from '../support/distributed.ts';
import { TEST_ADMIN } from '../support/flow.ts';
import { distributedAvailable } from '../support/infra.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

// Every process of distributed mode, in turn, is killed (SIGKILL) at random points of a write load and
// restarted, as an orchestrator would; then everything acknowledged is read back from every place it must
// have reached. `npm run faults` runs it at full size (FAULTS_SCALE=full: 2,000 writes and 50 kills per
// process); `npm test` at a small one (FAULTS_WRITES / FAULTS_KILLS override either), printing which.

const available = await distributedAvailable('kill and restart every process under load');
const FULL = process.env.FAULTS_SCALE === 'full';
const WRITES = Number(process.env.FAULTS_WRITES ?? (FULL ? 2000 : 24));
const KILLS = Number(process.env.FAULTS_KILLS ?? (FULL ? 50 : 2));
/** Writes in flight at once (each is a create and a publish, both with an Idempotency-Key). */
const WRITERS = 4;
/** How long a client keeps retrying one request before it counts the write as unknown. */
const GIVE_UP_MS = 45_000;

type Target = BackEnd | 'gateway';
const TARGETS: Target[] = ['gateway', 'identity', 'reviews', 'content', 'webhooks', 'jobs'];

/**
 * The consumers that apply `review.published` (their schema and inbox name): each acknowledged
 * publication must be in every one's applied-events ledger exactly once.
 */
const CONSUMERS = [
  { schema: 'content', consumer: 'content' },
  { schema: 'jobs', consumer: 'jobs' },
  { schema: 'webhooks', consumer: 'webhooks' },
];

const WEBHOOKS_ENV = {
  RCR_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2',
  RCR_WEBHOOK_RETRY_SCHEDULE: '0s,1s,1s,1s,1s,1s,1s,1s,1s,1s',
  RCR_WEBHOOK_POLL: '100ms',
  RCR_WEBHOOK_TIMEOUT: '2s',
  RCR_WEBHOOK_LEASE: '3s',
};

interface Figures {
  target: Target;
  kills: number;
  acknowledged: number;
  unknown: number;
  lost: number;
  duplicated: number;
  lostIn: Record<string, number>;
  retries: number;
}

/** A write the client saw through to the end, or gave up on. */
interface WriteOutcome {
  title: string;
  id?: string;
  acknowledged: boolean;
}

describe.skipIf(!available)(
  'every process killed and restarted under a write load (distributed mode)',
  () => {
    let system: DistributedSystem;
    let receiver: WebhookReceiver;
    let db: pg.Client;
    let admin: string;
    let editor: { email: string; password: string };
    let cameraId: string;
    const table: Figures[] = [];

    beforeAll(async () => {
      receiver = await WebhookReceiver.start('127.0.0.2');
      system = await startDistributedSystem(2, () => ({ webhooks: WEBHOOKS_ENV }));
      db = new pg.Client({ connectionString: system.databaseUrl });
      await db.connect();
      const api = new ApiClient(system.gateways[0]!.url);
      admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
      editor = { email: `faults-${Date.now()}@test.rcr`, password: 'editor-password-1' };
      await api.must('POST', '/v1/editors', { ...editor, name: 'Fault Editor' }, admin, 201);
      const token = (await api.login(editor.email, editor.password)).accessToken;
      cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201)).id;
      await api.must(
        'POST',
        '/v1/webhook-endpoints',
        { url: receiver.url('/hook'), events: ['review.published'] },
        admin,
        201,
      );
      console.log(
        `kill/restart faults: ${WRITES} writes and ${KILLS} kills per process` +
          (FULL ? ' (full size)' : ' (small size for npm test; `npm run faults` runs 2,000 and 50)'),
      );
    }, 180_000);

    afterAll(async () => {
      if (table.length > 0) {
        console.log(
          [
            'process   kills  acknowledged  lost  unknown  duplicated  client retries',
            ...table.map(
              (f) =>
                `${f.target.padEnd(9)} ${String(f.kills).padStart(5)}  ${String(f.acknowledged).padStart(12)}  ${String(f.lost).padStart(4)}  ${String(f.unknown).padStart(7)}  ${String(f.duplicated).padStart(10)}  ${String(f.retries).padStart(14)}`,
            ),
          ].join('\n'),
        );
      }
      await db?.end();
      await system?.stop();
      await receiver?.close();
    });

    /** Kills `target` (SIGKILL); the returned function starts it again and waits until it serves. */
    async function kill(target: Target): Promise<() => Promise<void>> {
      if (target === 'gateway') {
        await system.gateways[0]!.process.kill('SIGKILL');
        return () => system.restartGateway(0);
      }
      await system.services[target].process.kill('SIGKILL');
      return () => system.restart(target);
    }

    for (const target of TARGETS) {
      it(`when ${target} is killed at ${KILLS} random points of ${WRITES} writes and restarted, then nothing acknowledged is lost or applied twice`, async () => {
        const token = await loginWithRetry(system, editor);
        const run = `${target}-${Date.now().toString(36)}`;
        const outcomes: WriteOutcome[] = [];
        let retries = 0;
        let kills = 0;

        // One request through the gateways, as a client behind a load balancer does: a refused connection,
        // a 5xx or a 429 is retried (the other gateway first) with the same Idempotency-Key.
        const send = async (method: string, path: string, key: string, body?: unknown) => {
          const started = Date.now();
          for (let attempt = 0; ; attempt++) {
            const gateway = system.gateways[attempt % system.gateways.length]!;
            const res = await new ApiClient(gateway.url)
              .request<{ data: { id: string } }>(method, path, {
                body,
                token: token.current,
                headers: { 'idempotency-key': key },
              })
              .catch(() => undefined);
            if (res && res.status < 300) return res.body.data;
            if (res && res.status === 401) token.current = (await loginWithRetry(system, editor)).current;
            else if (res && res.status < 500 && res.status !== 429 && res.status !== 409)
              throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
            if (Date.now() - started > GIVE_UP_MS) return undefined;
            retries += 1;
            await sleep(random(50, 250));
          }
        };

        // Kill points: a random write within each 1/KILLS of the load; the kill comes while that write and
        // the ones before it are in flight, and no later write starts before it came.
        const points = Array.from({ length: KILLS }, (_, j) =>
          Math.floor(((j + Math.random()) * WRITES) / (KILLS + 1)),
        );
        let next = 0;
        let writing = true;
        const killer = (async () => {
          for (const point of points) {
            while (next <= point && writing) await sleep(5);
            if (!writing) break;
            await sleep(random(0, 50));
            const restart = await kill(target);
            kills += 1;
            await sleep(random(0, 300));
            await restart();
          }
        })();

        const writer = async () => {
          while (next < WRITES) {
            const n = next++;
            while (kills < points.filter((p) => p < n).length && writing) await sleep(5);
            const title = `Fault ${run} ${n}`;
            const outcome: WriteOutcome = { title, acknowledged: false };
            outcomes.push(outcome);
            const created = await send(
              'POST',
              '/v1/reviews',
              `${run}-${n}-create`,
              reviewBody(cameraId, { title }),
            );
            if (!created) continue;
            outcome.id = created.id;
            const published = await send('POST', `/v1/reviews/${created.id}/publish`, `${run}-${n}-publish`);
            if (!published) continue;
            outcome.acknowledged = true;
          }
        };
        try {
          await Promise.all(Array.from({ length: WRITERS }, writer));
        } finally {
          writing = false;
          await killer;
        }

        const ids = outcomes.filter((o) => o.acknowledged).map((o) => o.id as string);
        const lostIn = await settle(db, receiver, ids, 90_000);
        const lost = new Set(Object.values(lostIn).flat()).size;
        const duplicated = await duplicates(db, run, ids, receiver);
        const figures: Figures = {
          target,
          kills,
          acknowledged: ids.length,
          unknown: outcomes.length - ids.length,
          lost,
          duplicated,
          lostIn: Object.fromEntries(Object.entries(lostIn).map(([k, v]) => [k, v.length])),
          retries,
        };
        table.push(figures);
        console.log(`${target}: ${JSON.stringify(figures)}`);
        expect(kills).toBe(KILLS);
        expect(figures.lostIn).toEqual(Object.fromEntries(Object.keys(lostIn).map((k) => [k, 0])));
        expect(duplicated).toBe(0);
        expect(ids.length).toBeGreaterThan(0);
      }, 600_000);
    }
  },
);

/** Waits until every acknowledged review reached every place, or `timeoutMs`; what is still missing, by place. */
async function settle(
  db: pg.Client,
  receiver: WebhookReceiver,
  ids: string[],
  timeoutMs: number,
): Promise<Record<string, string[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = await missingFrom(db, receiver, ids);
    if (Object.values(missing).every((m) => m.length === 0) || Date.now() > deadline) return missing;
    await sleep(250);
  }
}

/** Acknowledged reviews (ids) not found, per place they must be in. */
async function missingFrom(
  db: pg.Client,
  receiver: WebhookReceiver,
  ids: string[],
): Promise<Record<string, string[]>> {
  const absent = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, [ids, ...params])).rows.map((r) => r.id);
  const missing: Record<string, string[]> = {
    'reviews (published)': await absent(
      `SELECT id::text FROM unnest($1::uuid[]) AS i(id)
       WHERE NOT EXISTS (SELECT 1 FROM reviews.reviews r WHERE r.id = i.id AND r.status = 'published')`,
    ),
    'content read model': await absent(
      `SELECT id FROM unnest($1::text[]) AS i(id) WHERE NOT EXISTS (SELECT 1 FROM content.content c WHERE c.review_id = i.id)`,
    ),
    'jobs export projection': await absent(
      `SELECT id FROM unnest($1::text[]) AS i(id)
       WHERE NOT EXISTS (SELECT 1 FROM jobs.export_reviews e WHERE e.review_id = i.id AND e.published)`,
    ),
  };
  for (const { schema, consumer } of CONSUMERS) {
    missing[`${consumer} ledger`] = await absent(
      `SELECT id FROM unnest($1::text[]) AS i(id)
       WHERE NOT EXISTS (SELECT 1 FROM ${schema}.applied_events a
                         WHERE a.consumer = $2 AND a.event_type = 'review.published' AND a.subject = i.id)`,
      [consumer],
    );
  }
  const delivered = new Set(
    receiver.received.map((r) => (JSON.parse(r.body) as { data: { reviewId?: string } }).data.reviewId),
  );
  missing['webhook receiver'] = ids.filter((id) => !delivered.has(id));
  return missing;
}

/**
 * Effects that happened twice: a review created twice for one write (the same title), a consumer's
 * ledger with an event twice, or a delivery row twice for one event.
 */
async function duplicates(db: pg.Client, run: string, ids: string[], receiver: WebhookReceiver) {
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  let total = await one(
    `SELECT count(*)::int AS n FROM (SELECT title FROM reviews.reviews WHERE title LIKE $1 GROUP BY title HAVING count(*) > 1) d`,
    [`Fault ${run} %`],
  );
  for (const { schema, consumer } of CONSUMERS) {
    total += await one(
      `SELECT count(*)::int AS n FROM (
         SELECT event_id FROM ${schema}.applied_events WHERE consumer = $1 AND subject = ANY($2)
         GROUP BY event_id HAVING count(*) > 1) d`,
      [consumer, ids],
    );
  }
  total += await one(
    `SELECT count(*)::int AS n FROM (
       SELECT event_id FROM webhooks.deliveries d JOIN webhooks.endpoints e ON e.id = d.endpoint_id
       GROUP BY d.endpoint_id, event_id HAVING count(*) > 1) d`,
    [],
  );
  // The receiver may get one webhook-id more than once (at-least-once: a worker killed mid-attempt), but
  // never one publication under two webhook-ids.
  const idsByReview = new Map<string, Set<string>>();
  for (const r of receiver.received) {
    const review = (JSON.parse(r.body) as { data: { reviewId?: string } }).data.reviewId ?? '';
    idsByReview.set(review, (idsByReview.get(review) ?? new Set()).add(r.id));
  }
  total += ids.filter((id) => (idsByReview.get(id)?.size ?? 0) > 1).length;
  return total;
}

async function loginWithRetry(system: DistributedSystem, who: { email: string; password: string }) {
  for (let attempt = 0; ; attempt++) {
    const api = new ApiClient(system.gateways[attempt % system.gateways.length]!.url);
    const session = await api.login(who.email, who.password).catch(() => undefined);
    if (session) return { current: session.accessToken };
    if (attempt > 200) throw new Error(`could not log ${who.email} in`);
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);
