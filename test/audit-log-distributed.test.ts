import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnService, waitForGrpc, type ServiceProcess } from '../scripts/processes.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

const available = await distributedAvailable('audit log (distributed)');

interface AuditEvent {
  sequence: number;
  eventId: string | null;
  action: string;
  actor: { id: string; role: string };
  subject: { kind: string; id: string };
  previousHash: string;
  hash: string;
}

const EDITORS = 3;
const REVIEWS_PER_EDITOR = 5;

/**
 * Three identity processes share the audit log's consumer group on NATS and its tables in PostgreSQL:
 * the one the gateway calls, a second, and a third that kills itself right after recording its second
 * change (committed, not yet acknowledged), so the bus delivers that event again to another member.
 */
describe.skipIf(!available)('audit log in distributed mode', () => {
  let system: DistributedSystem;
  let api: ApiClient;
  let admin: { id: string; token: string };
  const replicas: ServiceProcess[] = [];
  let sql: pg.Client;

  async function allEntries(): Promise<AuditEvent[]> {
    const entries: AuditEvent[] = [];
    let cursor = '';
    for (;;) {
      const page = await api.request<{ data: AuditEvent[]; meta: { nextCursor: string | null } }>(
        'GET',
        `/v1/audit-events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: admin.token },
      );
      expect(page.status).toBe(200);
      entries.push(...page.body.data);
      if (!page.body.meta.nextCursor) return entries;
      cursor = page.body.meta.nextCursor;
    }
  }

  async function verify(): Promise<Record<string, unknown>> {
    const res = await api.request<{ data: Record<string, unknown> }>('GET', '/v1/audit-events/verify', {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    return res.body.data;
  }

  beforeAll(async () => {
    system = await startDistributedSystem(1);
    api = new ApiClient(system.gateways[0]!.url);
    const session = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const me = await api.request<{ data: { id: string } }>('GET', '/v1/me', { token: session.accessToken });
    admin = { id: me.body.data.id, token: session.accessToken };
    for (const [label, faults] of [
      ['identity-2', ''],
      ['identity-crashing', 'crash-after-apply:2'],
    ] as const) {
      const port = await freePort();
      const replica = spawnService(
        'identity',
        { ...system.env, GRPC_PORT: String(port), RCR_FAULTS: faults },
        { label },
      );
      replicas.push(replica);
      await waitForGrpc(replica, `127.0.0.1:${port}`, 60_000);
    }
    sql = new pg.Client({ connectionString: system.databaseUrl, options: '-c search_path=identity' });
    await sql.connect();
  }, 180_000);

  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const process of [system?.services.identity?.process, ...replicas]) {
      console.error(`--- ${process?.name} ---\n${process?.output.slice(-40).join('\n')}`);
    }
  });

  afterAll(async () => {
    await sql?.end();
    await Promise.all(replicas.map((replica) => replica.kill('SIGTERM')));
    await system?.stop();
  });

  it('when editors write at once while replicas share the log and one dies mid-way, then every change is recorded once, numbered without gaps, and the chain verifies', async () => {
    const editors = await Promise.all(
      Array.from({ length: EDITORS }, async (_, i) => {
        const email = `audit-${i}-${Date.now()}@test.rcr`;
        const { id } = await api.must<{ id: string }>(
          'POST',
          '/v1/editors',
          { email, name: `Editor ${i}`, password: 'editor-password-1' },
          admin.token,
          201,
        );
        return { id, token: (await api.login(email, 'editor-password-1')).accessToken };
      }),
    );
    const written = await Promise.all(
      editors.map(async (editor) => {
        const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editor.token, 201);
        const reviews = await Promise.all(
          Array.from({ length: REVIEWS_PER_EDITOR }, async () => {
            const { id } = await api.must<{ id: string }>(
              'POST',
              '/v1/reviews',
              reviewBody(camera.id),
              editor.token,
              201,
            );
            await api.must('POST', `/v1/reviews/${id}/publish`, undefined, editor.token);
            return id;
          }),
        );
        return { editor, camera: camera.id, reviews };
      }),
    );
    // Per editor: registered by the admin, a camera, and each review created and published.
    const expected = EDITORS * (1 + 1 + 2 * REVIEWS_PER_EDITOR);

    let entries: AuditEvent[] = [];
    await eventually(async () => {
      entries = await allEntries();
      expect(entries.length).toBeGreaterThanOrEqual(expected);
    }, 60_000);

    // The crashing replica did die between recording a change and acknowledging its event…
    expect(replicas[1]?.child.signalCode).toBe('SIGKILL');
    // …and the event came back to the inbox of another member, which recorded nothing twice.
    // (It comes back once its ack wait has passed, which may be after every entry is already there.)
    await eventually(async () => {
      const [{ duplicates }] = (
        await sql.query<{ duplicates: number }>(
          `SELECT COALESCE(sum(duplicates), 0)::int AS duplicates FROM inbox WHERE consumer = 'identity'`,
        )
      ).rows as [{ duplicates: number }];
      expect(duplicates).toBeGreaterThanOrEqual(1);
    }, 30_000);

    expect(entries).toHaveLength(expected);
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(expected);
    expect(entries.map((e) => e.sequence)).toEqual(entries.map((_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.previousHash).toBe(entries[i - 1]?.hash);
    for (const { editor, camera, reviews } of written) {
      const theirs = entries.filter((e) => e.actor.id === editor.id);
      expect(theirs.filter((e) => e.subject.id === camera).map((e) => e.action)).toEqual(['camera.created']);
      for (const review of reviews) {
        // In recording order: an event handed back by the member that died may come after a later one.
        const actions = theirs.filter((e) => e.subject.id === review).map((e) => e.action);
        expect(actions.sort()).toEqual(['review.created', 'review.published']);
      }
      expect(entries.filter((e) => e.subject.id === editor.id).map((e) => [e.action, e.actor.id])).toEqual([
        ['editor.registered', admin.id],
      ]);
    }
    expect(await verify()).toMatchObject({ valid: true, checked: expected, complete: true });
    // Appends from three processes queued on the head row: none collided and had to be retried.
    for (const process of [system.services.identity.process, ...replicas]) {
      expect(process.output.filter((line) => line.includes('auditing event failed'))).toEqual([]);
    }
  });

  it('when an entry is edited in PostgreSQL, then verification names it', async () => {
    const head = Number((await verify()).through);
    expect(head).toBeGreaterThan(3);
    await expect(
      sql.query(`UPDATE audit_events SET action = 'review.deleted' WHERE seq = 3`),
    ).rejects.toThrow(/append-only/);
    const tamper = async (statement: string) => {
      await sql.query('BEGIN');
      await sql.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await sql.query(statement);
      await sql.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      await sql.query('COMMIT');
    };
    const [row] = (await sql.query<{ action: string }>('SELECT action FROM audit_events WHERE seq = 3')).rows;
    await tamper(`UPDATE audit_events SET action = 'review.deleted' WHERE seq = 3`);
    try {
      expect(await verify()).toMatchObject({ valid: false, firstBrokenSequence: 3, reason: 'altered' });
    } finally {
      await tamper(`UPDATE audit_events SET action = '${row?.action}' WHERE seq = 3`);
    }
    expect(await verify()).toMatchObject({ valid: true });
  });
});
