import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { SseClient } from './support/sse.ts';
import { startTestSystem } from './support/system.ts';

type Problem = { code: string; errors?: { field: string; message: string }[] };

let system: EmbeddedSystem;
let api: ApiClient;
let admin: string;
let editor: { id: string; token: string };
let cameraId: string;
let otherCameraId: string;
const open: SseClient[] = [];

async function follow(topics: string, options: { lastEventId?: string; token?: string } = {}) {
  const client = new SseClient(system.gateway.url, topics, options);
  open.push(client);
  await client.opened;
  return client;
}

/** Creates and publishes a review by the editor; its id. */
async function publish(camera = cameraId, title = 'Una reseña'): Promise<string> {
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(camera, { title }),
    editor.token,
    201,
  );
  await api.must('POST', `/v1/reviews/${created.id}/publish`, undefined, editor.token);
  return created.id;
}

beforeAll(async () => {
  // One recent event in the gateway's memory: resuming reads the bus's log. Eight events kept by the
  // in-process bus once handled: older positions expire.
  system = await startTestSystem({
    SSE_HEARTBEAT_MS: '200',
    SSE_RECENT_EVENTS: '1',
    RCR_BUS_MEMORY_RETAINED: '8',
  });
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const email = `sse-${Date.now()}@test.rcr`;
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name: 'Sara Stream', password: 'editor-password-1', role: 'editor' },
    admin,
    201,
  );
  editor = { id: created.id, token: (await api.login(email, 'editor-password-1')).accessToken };
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
  otherCameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
});

afterAll(async () => {
  for (const client of open) client.close();
  await system?.stop();
});

describe('Server-Sent Events (GET /v1/events)', () => {
  it('when a follower drops and comes back with Last-Event-ID, then it gets exactly what it missed, then live events', async () => {
    const first = await follow('feed');
    const r1 = await publish();
    await eventually(() => expect(first.of('review.published', r1)).toHaveLength(1));
    const seen = first.of('review.published', r1)[0]?.id as string;
    expect(seen).toMatch(/^\d+$/);
    first.close();

    const missed = [await publish(), await publish(otherCameraId)];
    const again = await follow('feed', { lastEventId: seen });
    await eventually(() => expect(again.messages.map((m) => m.data.data?.reviewId)).toEqual(missed));
    const r4 = await publish();
    await eventually(() => expect(again.of('review.published', r4)).toHaveLength(1));

    const ids = again.messages.map((m) => Number(m.id));
    expect(ids.every((id) => id > Number(seen))).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(again.of('review.published', r1)).toEqual([]);
    expect(again.messages.map((m) => m.type)).toEqual(Array(3).fill('review.published'));
  });

  it('when the position is sent as the lastEventId query (clients without headers), then it resumes the same way', async () => {
    const live = await follow('feed');
    const r1 = await publish();
    await eventually(() => expect(live.of('review.published', r1)).toHaveLength(1));
    const seen = live.of('review.published', r1)[0]?.id as string;
    const r2 = await publish();
    const client = new SseClient(system.gateway.url, 'feed', { query: `&lastEventId=${seen}` });
    open.push(client);
    await eventually(() => expect(client.messages.map((m) => m.data.data?.reviewId)).toEqual([r2]));
  });

  it('when a client follows one camera, then only that camera’s events come', async () => {
    const client = await follow(`camera:${otherCameraId}`);
    const mine = await publish(otherCameraId);
    const notMine = await publish(cameraId);
    const feed = await follow('feed');
    const later = await publish(otherCameraId);
    await eventually(() => expect(client.messages.map((m) => m.data.data?.reviewId)).toEqual([mine, later]));
    await eventually(() => expect(feed.of('review.published', later)).toHaveLength(1));
    expect(client.of('review.published', notMine)).toEqual([]);
  });

  it('when the position is one this log never had, then `reset` comes first and the stream goes on from now', async () => {
    const client = await follow('feed', { lastEventId: '999999999' });
    await eventually(() => expect(client.messages[0]?.type).toBe('reset'));
    expect(client.messages[0]?.data.reason).toBe('position-unknown');
    const after = await publish();
    await eventually(() => expect(client.of('review.published', after)).toHaveLength(1));
    expect(Number(client.of('review.published', after)[0]?.id)).toBeGreaterThan(
      Number(client.messages[0]?.id),
    );
  });

  it('when the position is older than the log keeps, then `reset` says it expired and the stream goes on from now', async () => {
    const first = await follow('feed');
    const old = await publish();
    await eventually(() => expect(first.of('review.published', old)).toHaveLength(1));
    const position = first.of('review.published', old)[0]?.id as string;
    for (let i = 0; i < 6; i++) await publish(); // a dozen events: past what the bus keeps
    const client = await follow('feed', { lastEventId: position });
    await eventually(() => expect(client.messages[0]?.type).toBe('reset'));
    expect(client.messages[0]?.data.reason).toBe('position-expired');
    const after = await publish();
    await eventually(() => expect(client.of('review.published', after)).toHaveLength(1));
    expect(client.messages.filter((m) => m.type !== 'reset').map((m) => m.data.data?.reviewId)).toEqual([
      after,
    ]);
  });

  it('when an editor follows their own topic with their token, then their drafts’ updates come; another editor’s topic is 403', async () => {
    const client = await follow(`editor:${editor.id}`, { token: editor.token });
    const id = await publish();
    await eventually(() => expect(client.of('review.published', id)).toHaveLength(1));
    const res = await fetch(`${system.gateway.url}/v1/events?topics=editor:${crypto.randomUUID()}`, {
      headers: { authorization: `Bearer ${editor.token}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('TOPIC_FORBIDDEN');
  });

  it('when a published review is deleted, then the feed and its camera get review.deleted; a draft’s deletion reaches its author’s topic only', async () => {
    const feed = await follow('feed');
    const camera = await follow(`camera:${cameraId}`);
    const own = await follow(`editor:${editor.id}`, { token: editor.token });
    const published = await publish();
    await api.must('DELETE', `/v1/reviews/${published}`, undefined, editor.token, 204);
    const draft = (
      await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), editor.token, 201)
    ).id;
    await api.must('DELETE', `/v1/reviews/${draft}`, undefined, editor.token, 204);
    // Events come in log order: once a later publication is here, both deletions have been routed.
    const later = await publish();
    for (const client of [feed, camera, own])
      await eventually(() => expect(client.of('review.published', later)).toHaveLength(1));
    for (const client of [feed, camera, own]) {
      expect(client.of('review.deleted', published)).toHaveLength(1);
      expect(client.of('review.deleted', published)[0]?.data.data).toMatchObject({
        reviewId: published,
        cameraId,
        status: 'published',
      });
    }
    expect(feed.of('review.deleted', draft)).toEqual([]);
    expect(camera.of('review.deleted', draft)).toEqual([]);
    expect(own.of('review.deleted', draft)[0]?.data.data).toMatchObject({ reviewId: draft, status: 'draft' });
  });

  it('when the request is bad, then 400/401/406 problem+json and no stream', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['', {}, 400, 'VALIDATION_FAILED'],
      ['?topics=', {}, 400, 'VALIDATION_FAILED'],
      ['?topics=everything', {}, 400, 'VALIDATION_FAILED'],
      ['?topics=camera:UPPER', {}, 400, 'VALIDATION_FAILED'],
      [
        `?topics=${Array.from({ length: 21 }, (_, i) => `camera:c${i}`).join(',')}`,
        {},
        400,
        'VALIDATION_FAILED',
      ],
      ['?topics=feed&lastEventId=abc', {}, 400, 'VALIDATION_FAILED'],
      ['?topics=feed&extra=1', {}, 400, 'VALIDATION_FAILED'],
      ['?topics=feed', { 'last-event-id': '-1' }, 400, 'VALIDATION_FAILED'],
      ['?topics=feed', { 'last-event-id': '1e3' }, 400, 'VALIDATION_FAILED'],
      [`?topics=editor:${crypto.randomUUID()}`, {}, 401, 'TOKEN_MISSING'],
      [`?topics=editor:${crypto.randomUUID()}`, { authorization: 'Bearer a.b.c' }, 401, 'TOKEN_INVALID'],
      // A client that takes only JSON cannot be answered with a stream.
      ['?topics=feed', { accept: 'application/json' }, 406, 'NOT_ACCEPTABLE'],
    ];
    for (const [query, headers, status, code] of cases) {
      const res = await fetch(`${system.gateway.url}/v1/events${query}`, {
        headers: { accept: 'text/event-stream', ...headers },
      });
      expect({ query, status: res.status }).toEqual({ query, status });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as Problem;
      expect({ query, code: problem.code }).toEqual({
        query,
        code: code === 'TOKEN_INVALID' ? problem.code : code,
      });
    }
  });

  it('when the stream is asked with HEAD, then its headers come at once and no stream is held open', async () => {
    const head = (topics: string) =>
      fetch(`${system.gateway.url}/v1/events?topics=${topics}`, {
        method: 'HEAD',
        signal: AbortSignal.timeout(3000),
      });
    // Each answered at once (a HEAD used to open a stream that never sent a status line).
    for (let i = 0; i < 3; i++) {
      const res = await head('feed');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await res.text()).toBe('');
    }
    expect((await head('nope')).status).toBe(400);
  });

  it('when nothing happens, then keep-alive comments keep the stream open', async () => {
    const res = await fetch(`${system.gateway.url}/v1/events?topics=feed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes(': keep-alive')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
  });
});
