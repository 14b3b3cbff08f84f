import type { RcrEvent } from '@rcr/contracts';
import type { Database } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvent, identityInbox } from '../services/identity/src/events/subscriptions.ts';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

/** An audit entry as GET /v1/audit-events lists it. */
interface AuditEvent {
  sequence: number;
  eventId: string | null;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  action: string;
  subject: { kind: string; id: string };
  versionBefore: number | null;
  versionAfter: number | null;
  changedFields: string[] | null;
  previousHash: string;
  hash: string;
}

interface AuditPage {
  data: AuditEvent[];
  meta: { limit: number; nextCursor: string | null };
}

interface Verification {
  valid: boolean;
  checked: number;
  firstBrokenSequence: number | null;
  reason: string | null;
  through: number;
  complete: boolean;
  head: { sequence: number; hash: string };
}

let system: EmbeddedSystem;
let api: ApiClient;
let admin: { id: string; token: string };
let editor: { id: string; token: string };
/** The identity service's schema in the embedded database (for reading and tampering as an intruder would). */
let identityDb: Database;
const made = { cameraId: '', reviewId: '', updatedReviewId: '' };

function audit(query: string, token = admin.token) {
  return api.request<AuditPage>('GET', `/v1/audit-events${query}`, { token });
}

async function auditOf(query: string): Promise<AuditEvent[]> {
  const page = await audit(query);
  expect(page.status).toBe(200);
  return page.body.data;
}

async function verify(query = ''): Promise<Verification> {
  const res = await api.request<{ data: Verification }>('GET', `/v1/audit-events/verify${query}`, {
    token: admin.token,
  });
  expect(res.status).toBe(200);
  return res.body.data;
}

/**
 * The changes every test looks at: an admin makes an editor and renames them; the editor adds a camera,
 * changes it, writes a review, publishes it and changes it.
 */
async function makeChanges(): Promise<void> {
  const email = `audited-${Date.now()}@test.rcr`;
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name: 'Audited Editor', password: 'editor-password-1', role: 'editor' },
    admin.token,
    201,
  );
  await api.must('PATCH', `/v1/editors/${created.id}`, { name: 'Audited Editora' }, admin.token);
  editor = { id: created.id, token: (await api.login(email, 'editor-password-1')).accessToken };

  const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editor.token, 201);
  await api.must('PATCH', `/v1/cameras/${camera.id}`, { specs: { megapixels: 26 } }, editor.token);
  const review = await api.must<{ id: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(camera.id),
    editor.token,
    201,
  );
  await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, editor.token);
  await api.must('PATCH', `/v1/reviews/${review.id}`, { rating: 9, title: 'Aún mejor' }, editor.token);
  Object.assign(made, { cameraId: camera.id, reviewId: review.id });
  // The log follows the events: wait until it holds all seven changes.
  await eventually(async () => {
    expect(await auditOf(`?subject=${camera.id}`)).toHaveLength(2);
    expect(await auditOf(`?subject=${review.id}`)).toHaveLength(3);
    expect(await auditOf(`?subject=${created.id}`)).toHaveLength(2);
  });
}

beforeAll(async () => {
  system = await startTestSystem();
  api = new ApiClient(system.gateway.url);
  const adminSession = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  const me = await api.request<{ data: { id: string } }>('GET', '/v1/me', {
    token: adminSession.accessToken,
  });
  admin = { id: me.body.data.id, token: adminSession.accessToken };
  if (!system.database) throw new Error('the embedded system has no embedded database');
  identityDb = await system.database.database('identity');
  await makeChanges();
});

afterAll(async () => {
  await identityDb?.close();
  await system?.stop();
});

describe('audit log (GET /v1/audit-events)', () => {
  it('when an admin makes an editor and the editor writes, then every change is listed once with who, what, which and the versions', async () => {
    const camera = { id: made.cameraId };
    const review = { id: made.reviewId };
    const byEditor = (await auditOf(`?actor=${editor.id}&limit=100`)).filter((e) =>
      [camera.id, review.id].includes(e.subject.id),
    );
    const byAdmin = await auditOf(`?actor=${admin.id}&subject=${editor.id}`);

    expect(
      byAdmin.map(({ action, subject, versionBefore, versionAfter, changedFields, actor }) => ({
        action,
        subject,
        versionBefore,
        versionAfter,
        changedFields,
        actor,
      })),
    ).toEqual([
      {
        action: 'editor.registered',
        subject: { kind: 'editor', id: editor.id },
        versionBefore: null,
        versionAfter: 1,
        changedFields: ['active', 'email', 'name', 'role'],
        actor: { id: admin.id, role: 'admin' },
      },
      {
        action: 'editor.updated',
        subject: { kind: 'editor', id: editor.id },
        versionBefore: 1,
        versionAfter: 2,
        changedFields: ['name'],
        actor: { id: admin.id, role: 'admin' },
      },
    ]);
    // Different aggregates are recorded as their events arrive; each aggregate's changes are in order.
    const ofCamera = byEditor.filter((e) => e.subject.id === camera.id);
    const ofReview = byEditor.filter((e) => e.subject.id === review.id);
    expect(ofCamera.map((e) => [e.action, e.versionBefore, e.versionAfter, e.changedFields])).toEqual([
      ['camera.created', null, 1, ['brand', 'model', 'specs.megapixels', 'specs.sensorSize', 'type']],
      ['camera.updated', 1, 2, ['specs.megapixels']],
    ]);
    expect(ofReview.map((e) => [e.action, e.versionBefore, e.versionAfter, e.changedFields])).toEqual([
      ['review.created', null, 1, expect.arrayContaining(['title', 'body', 'rating', 'status', 'cameraId'])],
      ['review.published', 1, 2, ['publishedAt', 'status']],
      ['review.updated', 2, 3, ['rating', 'title']],
    ]);
    for (const entry of byEditor) {
      expect(entry.actor).toEqual({ id: editor.id, role: 'editor' });
      expect(entry.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(entry.occurredAt)).toBeLessThanOrEqual(Date.parse(entry.recordedAt));
    }
    // Every event id once.
    expect(new Set(byEditor.map((e) => e.eventId)).size).toBe(5);
  });

  it('when events reach push clients, then they do not say who made the change', async () => {
    const review = await api.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(made.cameraId),
      editor.token,
      201,
    );
    await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, editor.token);
    const push = new PushClient(system.gateway.url);
    try {
      expect(await push.subscribe('feed')).toMatchObject({ ok: true });
      await api.must('PATCH', `/v1/reviews/${review.id}`, { verdict: 'Muy recomendada' }, editor.token);
      const event = await push.waitFor((e) => e.type === 'review.updated' && e.subject === review.id);
      expect(event).not.toHaveProperty('actor');
    } finally {
      push.close();
    }
    // …while the audit log has it.
    await eventually(async () => {
      const entries = await auditOf(`?subject=${review.id}&action=review.updated`);
      expect(entries).toMatchObject([
        { actor: { id: editor.id }, changedFields: ['verdict'], versionAfter: 3 },
      ]);
    });
  });

  it('when an admin makes and revokes a partner key, then both are recorded, and revoking again records nothing', async () => {
    const key = await api.must<{ id: string }>(
      'POST',
      '/v1/admin/partner-keys',
      { name: 'Audited shop' },
      admin.token,
      201,
    );
    for (let i = 0; i < 2; i++) {
      const revoked = await api.request('DELETE', `/v1/admin/partner-keys/${key.id}`, { token: admin.token });
      expect(revoked.status).toBe(204);
    }

    const entries = await auditOf(`?subject=${key.id}`);
    expect(entries.map((e) => [e.action, e.eventId, e.actor.id, e.subject.kind, e.changedFields])).toEqual([
      ['partner-key.created', null, admin.id, 'partner-key', ['name']],
      ['partner-key.revoked', null, admin.id, 'partner-key', ['revokedAt']],
    ]);
  });

  it('when an admin rotates the signing key and deactivates an account, then both are recorded; the keys made at start-up are not', async () => {
    const email = `deactivated-${Date.now()}@test.rcr`;
    const account = await api.must<{ id: string }>(
      'POST',
      '/v1/editors',
      { email, name: 'Short-lived', password: 'editor-password-1' },
      admin.token,
      201,
    );
    expect((await api.request('DELETE', `/v1/editors/${account.id}`, { token: admin.token })).status).toBe(
      204,
    );
    const rotated = await api.must<{ activeKid: string }>(
      'POST',
      '/v1/admin/signing-keys/rotate',
      undefined,
      admin.token,
    );

    await eventually(async () => {
      expect(
        (await auditOf(`?subject=${account.id}`)).map((e) => [e.action, e.versionAfter, e.changedFields]),
      ).toEqual([
        ['editor.registered', 1, ['active', 'email', 'name', 'role']],
        ['editor.updated', 2, ['active']],
      ]);
      // Only the admin's rotation: the key identity made for itself at start-up was the system's doing.
      expect(await auditOf('?action=signing-keys.changed')).toMatchObject([
        { actor: { id: admin.id, role: 'admin' }, subject: { kind: 'signing-keys', id: rotated.activeKid } },
      ]);
    });
  });

  it('when an editor deletes a review and then its camera, then the deletions are recorded with their versions', async () => {
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editor.token, 201);
    const review = await api.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(camera.id),
      editor.token,
      201,
    );
    expect((await api.request('DELETE', `/v1/reviews/${review.id}`, { token: editor.token })).status).toBe(
      204,
    );
    expect((await api.request('DELETE', `/v1/cameras/${camera.id}`, { token: editor.token })).status).toBe(
      204,
    );

    await eventually(async () => {
      const entries = await auditOf(`?actor=${editor.id}&action=review.deleted,camera.deleted&order=desc`);
      const deletion = (id: string) =>
        entries
          .filter((e) => e.subject.id === id)
          .map((e) => [e.action, e.versionBefore, e.versionAfter, e.changedFields]);
      expect(deletion(review.id)).toEqual([['review.deleted', 1, 2, null]]);
      expect(deletion(camera.id)).toEqual([['camera.deleted', 1, 2, null]]);
    });
  });

  it('when listing with filters, then only matching entries come, and cursor pages cover the log once in order', async () => {
    const published = await auditOf('?action=review.published,review.created');
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(published.every((e) => ['review.published', 'review.created'].includes(e.action))).toBe(true);
    const cameras = await auditOf('?subjectKind=camera');
    expect(cameras.every((e) => e.subject.kind === 'camera')).toBe(true);
    expect(cameras.map((e) => e.subject.id)).toContain(made.cameraId);

    const all = await auditOf('?limit=100');
    const middle = all[Math.floor(all.length / 2)] as AuditEvent;
    const since = await auditOf(`?since=${encodeURIComponent(middle.occurredAt)}&limit=100`);
    expect(since.every((e) => e.occurredAt >= middle.occurredAt)).toBe(true);
    expect(since.map((e) => e.sequence)).toContain(middle.sequence);
    const until = await auditOf(`?until=${encodeURIComponent(middle.occurredAt)}&limit=100`);
    expect(until.every((e) => e.occurredAt < middle.occurredAt)).toBe(true);
    expect(await auditOf(`?subject=no-such-thing`)).toEqual([]);

    // Oldest first by sequence, without gaps; pages of 3 by cursor give the same entries once each.
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
    const paged: number[] = [];
    let query = '?limit=3';
    for (;;) {
      const page = await audit(query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      paged.push(...page.body.data.map((e) => e.sequence));
      if (!page.body.meta.nextCursor) break;
      query = `?limit=3&cursor=${encodeURIComponent(page.body.meta.nextCursor)}`;
    }
    expect(paged).toEqual(all.map((e) => e.sequence));

    // Newest first, and each entry links to the one before it.
    const newest = await auditOf('?order=desc&limit=100');
    expect(newest.map((e) => e.sequence)).toEqual([...all.map((e) => e.sequence)].reverse());
    for (let i = 1; i < all.length; i++) expect(all[i]?.previousHash).toBe(all[i - 1]?.hash);
    expect(all[0]?.previousHash).toBe('0'.repeat(64));
  });

  it('when the query is wrong, then 400; an editor gets 403 and an anonymous caller 401', async () => {
    const asc = await audit('?limit=1');
    const cursor = asc.body.meta.nextCursor ?? '';
    for (const bad of [
      '?limit=0',
      '?limit=abc',
      '?order=sideways',
      '?action=review.exploded',
      '?since=yesterday',
      `?since=2026-12-01T00:00:00Z&until=2026-11-01T00:00:00Z`,
      '?subjectKind=planet',
      '?unknown=1',
      `?order=desc&cursor=${encodeURIComponent(cursor)}`,
      '?cursor=not-a-cursor',
    ]) {
      const res = await audit(bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    for (const bad of ['?after=-1', '?limit=0', '?limit=100001', '?after=x', '?extra=1']) {
      const res = await api.request('GET', `/v1/audit-events/verify${bad}`, { token: admin.token });
      expect(res.status, bad).toBe(400);
    }
    expect((await audit('', editor.token)).status).toBe(403);
    expect((await api.request('GET', '/v1/audit-events/verify', { token: editor.token })).status).toBe(403);
    expect((await api.request('GET', '/v1/audit-events')).status).toBe(401);
    expect((await api.request('GET', '/v1/audit-events/verify')).status).toBe(401);
  });

  it('when an event is delivered again, then the log does not record it twice', async () => {
    const [entry] = await auditOf(`?subject=${made.reviewId}&action=review.published`);
    const logged = await system.bus?.history.read({ after: 0, types: ['review.published'], limit: 1000 });
    const event = logged?.events.map((e) => e.event).find((e: RcrEvent) => e.id === entry?.eventId);
    expect(event).toBeDefined();
    const before = (await verify()).head.sequence;

    // What the bus does after a crash between commit and acknowledgement: the same event, again.
    expect(await handleEvent(identityInbox(identityDb), event as RcrEvent)).toBe('duplicate');

    expect((await verify()).head.sequence).toBe(before);
    expect(await auditOf(`?subject=${made.reviewId}&action=review.published`)).toHaveLength(1);
  });

  it('when nothing was touched, then the chain verifies; in stretches too', async () => {
    const whole = await verify();
    expect(whole).toMatchObject({ valid: true, complete: true, firstBrokenSequence: null, reason: null });
    expect(whole.checked).toBe(whole.head.sequence);
    expect(whole.through).toBe(whole.head.sequence);

    const first = await verify('?limit=4');
    expect(first).toMatchObject({ valid: true, checked: 4, through: 4, complete: false });
    const rest = await verify(`?after=${first.through}`);
    expect(rest).toMatchObject({ valid: true, complete: true, checked: whole.head.sequence - 4 });
  });

  it('when a stored entry is edited in the database, then verification names it; put back, the chain holds again', async () => {
    const target = (await auditOf(`?subject=${made.reviewId}&action=review.updated`))[0] as AuditEvent;
    // The table refuses edits (append-only trigger)…
    await expect(
      identityDb.query(`UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = $1`, [target.sequence]),
    ).rejects.toThrow(/append-only/);
    // …so an intruder first turns the trigger off, then rewrites who made the change.
    const tamper = async (actorId: string) =>
      identityDb.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await tx.query('UPDATE audit_events SET actor_id = $2 WHERE seq = $1', [target.sequence, actorId]);
        await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
    await tamper(admin.id);
    try {
      const check = await verify();
      expect(check).toMatchObject({
        valid: false,
        firstBrokenSequence: target.sequence,
        reason: 'altered',
        complete: true,
      });
      expect(check.checked).toBe(target.sequence);
    } finally {
      await tamper(editor.id);
    }
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('when a stored entry is deleted, then verification says it is missing', async () => {
    const last = (await verify()).head.sequence;
    const [row] = await identityDb.query<Record<string, unknown>>(
      'SELECT * FROM audit_events WHERE seq = $1',
      [last - 1],
    );
    const columns = Object.keys(row ?? {});
    const setTrigger = (on: boolean) =>
      identityDb.query(
        `ALTER TABLE audit_events ${on ? 'ENABLE' : 'DISABLE'} TRIGGER audit_events_append_only`,
      );
    await setTrigger(false);
    try {
      await identityDb.query('DELETE FROM audit_events WHERE seq = $1', [last - 1]);
      expect(await verify()).toMatchObject({
        valid: false,
        firstBrokenSequence: last - 1,
        reason: 'missing',
      });
    } finally {
      // Put it back as it was (the trigger only guards updates and deletes).
      await identityDb.query(
        `INSERT INTO audit_events (${columns.join(', ')}) SELECT * FROM jsonb_populate_record(NULL::audit_events, $1::jsonb)`,
        [JSON.stringify(row)],
      );
      await setTrigger(true);
    }
    expect(await verify()).toMatchObject({ valid: true });
  });
});
