import pg from 'pg';
import { ApiClient, cameraBody, reviewBody } from '../support/client.ts';
import { startDistributedSystem, type DistributedSystem } from '../support/distributed.ts';
import { TEST_ADMIN } from '../support/flow.ts';
import { registerEndpoint, WebhookReceiver } from '../support/webhook-receiver.ts';

// The write load of the fault tests and the read-back after it: editors' writes (a create and a publish,
// each with an Idempotency-Key, retried as a client behind a load balancer retries) while a fault is
// injected at chosen points, then every acknowledged review looked for in every place it must reach.

/** Writes in flight at once. */
const WRITERS = 4;
/** How long a client keeps retrying one request before it counts the write as unknown. */
const GIVE_UP_MS = 45_000;

/**
 * The consumers that apply `review.published` (their schema and inbox name): each acknowledged
 * publication must be in every one's applied-events ledger exactly once.
 */
const CONSUMERS = [
  { schema: 'content', consumer: 'content' },
  { schema: 'jobs', consumer: 'jobs' },
  { schema: 'webhooks', consumer: 'webhooks' },
  { schema: 'media', consumer: 'media' },
];

/** Webhooks settings for a receiver on 127.0.0.2 and a compressed schedule. */
export const WEBHOOKS_ENV = {
  RCR_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2',
  RCR_WEBHOOK_RETRY_SCHEDULE: '0s,1s,1s,1s,1s,1s,1s,1s,1s,1s',
  RCR_WEBHOOK_POLL: '100ms',
  RCR_WEBHOOK_TIMEOUT: '2s',
  RCR_WEBHOOK_LEASE: '3s',
};

/** A distributed system with an editor, a camera and a webhook endpoint at a local receiver. */
export interface FaultRig {
  system: DistributedSystem;
  receiver: WebhookReceiver;
  db: pg.Client;
  editor: { email: string; password: string };
  cameraId: string;
  stop(): Promise<void>;
}

/** What one fault run saw. */
export interface Figures {
  target: string;
  faults: number;
  acknowledged: number;
  unknown: number;
  lost: number;
  duplicated: number;
  lostIn: Record<string, number>;
  retries: number;
  /** Why the client retried: `status code` (e.g. `503 UPSTREAM_UNAVAILABLE`) or `refused (ECONNREFUSED)`, and how often. */
  retriedOn: Record<string, number>;
}

export async function startRig(
  overrides: Parameters<typeof startDistributedSystem>[1] = () => ({}),
  commonEnv: Record<string, string> = {},
): Promise<FaultRig> {
  const receiver = await WebhookReceiver.start('127.0.0.2');
  const system = await startDistributedSystem(
    2,
    (env) => {
      const own = overrides(env);
      return { ...own, webhooks: { ...WEBHOOKS_ENV, ...own.webhooks } };
    },
    commonEnv,
  );
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  const api = new ApiClient(system.gateways[0]!.url);
  const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const editor = { email: `faults-${Date.now()}@test.rcr`, password: 'editor-password-1' };
  await api.must('POST', '/v1/editors', { ...editor, name: 'Fault Editor' }, admin, 201);
  const token = (await api.login(editor.email, editor.password)).accessToken;
  const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201)).id;
  await registerEndpoint(api, admin, receiver);
  return {
    system,
    receiver,
    db,
    editor,
    cameraId,
    async stop() {
      await db.end();
      await system.stop();
      await receiver.close();
    },
  };
}

/** Random points of a load of `writes` writes: one write within each 1/(count + 1) of it. */
export function faultPoints(writes: number, count: number): number[] {
  return Array.from({ length: count }, (_, j) => Math.floor(((j + Math.random()) * writes) / (count + 1)));
}

/**
 * Runs `writes` writes; at each of `points` (write numbers) `inject` is called while that write and the
 * ones before it are in flight, and no later write starts before it was; the function it returns ends
 * the fault (restart, reconnect) while the load goes on. Then waits for everything acknowledged to reach
 * every place, and counts.
 */
export async function writeUnderFaults(
  rig: FaultRig,
  target: string,
  writes: number,
  points: number[],
  inject: () => Promise<() => Promise<void>>,
): Promise<Figures> {
  const { system } = rig;
  const token = await loginWithRetry(system, rig.editor);
  const run = `${target}-${Date.now().toString(36)}`;
  const outcomes: { id?: string; acknowledged: boolean }[] = [];
  let retries = 0;
  const retriedOn: Record<string, number> = {};
  let faults = 0;

  // One request through the gateways, as a client behind a load balancer does: a refused connection,
  // a 5xx or a 429 is retried (the other gateway first) with the same Idempotency-Key.
  const send = async (method: string, path: string, key: string, body?: unknown) => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const gateway = system.gateways[attempt % system.gateways.length]!;
      let failure = '';
      const res = await new ApiClient(gateway.url)
        .request<{ data: { id: string } }>(method, path, {
          body,
          token: token.current,
          headers: { 'idempotency-key': key },
        })
        .catch((err: unknown) => {
          failure = failureCode(err);
          return undefined;
        });
      if (res && res.status < 300) return res.body.data;
      if (res && res.status === 401) token.current = (await loginWithRetry(system, rig.editor)).current;
      else if (res && res.status < 500 && res.status !== 429 && res.status !== 409)
        throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      if (Date.now() - started > GIVE_UP_MS) return undefined;
      retries += 1;
      const reason = res
        ? `${res.status} ${(res.body as { code?: string } | undefined)?.code ?? ''}`.trim()
        : `refused (${failure})`;
      retriedOn[reason] = (retriedOn[reason] ?? 0) + 1;
      await sleep(random(50, 250));
    }
  };

  let next = 0;
  let writing = true;
  // A fault that cannot be ended (a process that does not come back) fails the run at once: the writers
  // stop waiting for it instead of waiting for the test's timeout.
  let broken: unknown;
  const injector = (async () => {
    for (const point of points) {
      while (next <= point && writing) await sleep(5);
      if (!writing) break;
      await sleep(random(0, 50));
      const recover = await inject();
      faults += 1;
      await sleep(random(0, 300));
      await recover();
    }
  })().catch((err: unknown) => {
    broken = err;
    writing = false;
  });
  const writer = async () => {
    while (next < writes && broken === undefined) {
      const n = next++;
      while (faults < points.filter((p) => p < n).length && writing) await sleep(5);
      const outcome: { id?: string; acknowledged: boolean } = { acknowledged: false };
      outcomes.push(outcome);
      const title = `Fault ${run} ${n}`;
      const created = await send(
        'POST',
        '/v1/reviews',
        `${run}-${n}-create`,
        reviewBody(rig.cameraId, { title }),
      );
      if (!created) continue;
      outcome.id = created.id;
      const published = await send('POST', `/v1/reviews/${created.id}/publish`, `${run}-${n}-publish`);
      if (published) outcome.acknowledged = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: WRITERS }, writer));
  } finally {
    writing = false;
    await injector;
  }
  if (broken !== undefined)
    throw new Error(`fault ${faults} of ${points.length} on ${target} could not be ended`, { cause: broken });

  const ids = outcomes.filter((o) => o.acknowledged).map((o) => o.id as string);
  const lostIn = await settle(rig.db, rig.receiver, ids, 90_000);
  const figures: Figures = {
    target,
    faults,
    acknowledged: ids.length,
    unknown: outcomes.length - ids.length,
    lost: new Set(Object.values(lostIn).flat()).size,
    duplicated: await duplicates(rig.db, run, ids, rig.receiver),
    lostIn: Object.fromEntries(Object.entries(lostIn).map(([k, v]) => [k, v.length])),
    retries,
    retriedOn,
  };
  console.log(`${target}: ${JSON.stringify(figures)}`);
  // Writes that were never acknowledged: say what the gateways were doing, for whoever reads the failure.
  if (figures.unknown > 0) {
    for (const [i, gateway] of system.gateways.entries()) {
      const { exitCode, signalCode } = gateway.process.child;
      const state = exitCode === null && signalCode === null ? 'running' : `exited ${exitCode ?? signalCode}`;
      console.log(
        `gateway ${i} (${state}), its last lines:\n${gateway.process.output.slice(-40).join('\n')}`,
      );
    }
  }
  return figures;
}

/** Why a request got no answer: the socket error's code (ECONNREFUSED, ECONNRESET, …) or the error's name. */
function failureCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.name : 'unknown';
}

/** The figures as a table, one row per run. */
export function figuresTable(rows: Figures[], faultColumn = 'faults'): string {
  const header = [
    'run',
    faultColumn,
    'acknowledged',
    'lost',
    'unknown',
    'duplicated',
    'client retries',
    'retried on',
  ];
  const cells = rows.map((f) => [
    ...[f.target, f.faults, f.acknowledged, f.lost, f.unknown, f.duplicated, f.retries].map(String),
    Object.entries(f.retriedOn)
      .sort((x, y) => y[1] - x[1])
      .map(([reason, n]) => `${reason} ×${n}`)
      .join(', ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  return [header, ...cells]
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
        .join('  '),
    )
    .join('\n');
}

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
 * ledger with an event twice, or one publication delivered under two webhook-ids (one delivery row per
 * endpoint and event is the table's own constraint).
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
