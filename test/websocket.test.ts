import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

type Message = {
  type: string;
  id?: string;
  event?: string;
  data?: { data?: { reviewId?: string } };
  code?: string;
  reason?: string;
};

let system: EmbeddedSystem;
let api: ApiClient;
let admin: string;
let cameraId: string;
const open: WebSocket[] = [];

/** A real `ws` client on /v1/ws, recording every message. */
async function connect(headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/v1/ws`, { headers });
  open.push(ws);
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as Message));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const send = (message: unknown) => ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  const published = (reviewId: string) =>
    messages.filter(
      (m) => m.type === 'event' && m.event === 'review.published' && m.data?.data?.reviewId === reviewId,
    );
  return { ws, messages, send, published };
}

async function publish(): Promise<string> {
  const created = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), admin, 201);
  await api.must('POST', `/v1/reviews/${created.id}/publish`, undefined, admin);
  return created.id;
}

beforeAll(async () => {
  system = await startTestSystem({ SSE_RECENT_EVENTS: '1', CORS_ORIGINS: 'https://rcr.example' });
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
});

afterAll(async () => {
  for (const ws of open) ws.terminate();
  await system?.stop();
});

describe('plain WebSocket (/v1/ws)', () => {
  it('when a client subscribes, drops and resubscribes with `after`, then it gets exactly what it missed, then live events', async () => {
    const first = await connect();
    first.send({ type: 'subscribe', topics: ['feed'] });
    await eventually(() => expect(first.messages[0]).toEqual({ type: 'subscribed', topics: ['feed'] }));
    const r1 = await publish();
    await eventually(() => expect(first.published(r1)).toHaveLength(1));
    const seen = first.published(r1)[0]?.id as string;
    first.ws.close();

    const missed = [await publish(), await publish()];
    const again = await connect();
    again.send({ type: 'subscribe', topics: ['feed'], after: seen });
    await eventually(() => expect(again.messages.filter((m) => m.type === 'event')).toHaveLength(2));
    const r4 = await publish();
    await eventually(() => expect(again.published(r4)).toHaveLength(1));
    const events = again.messages.filter((m) => m.type === 'event');
    expect(events.map((m) => m.data?.data?.reviewId)).toEqual([...missed, r4]);
    expect(events.every((m) => Number(m.id) > Number(seen))).toBe(true);

    again.send({ type: 'ping' });
    await eventually(() => expect(again.messages.at(-1)).toEqual({ type: 'pong' }));
    again.send({ type: 'unsubscribe', topics: ['feed'] });
    await eventually(() => expect(again.messages.at(-1)).toEqual({ type: 'subscribed', topics: [] }));
    const r5 = await publish();
    await new Promise((r) => setTimeout(r, 300));
    expect(again.published(r5)).toEqual([]);
  });

  it('when messages are bad, then each gets an error message and the connection stays usable', async () => {
    const client = await connect();
    const bad: [unknown, string][] = [
      ['not json', 'BAD_MESSAGE'],
      ['[1,2]', 'BAD_MESSAGE'],
      [{ type: 'dance' }, 'BAD_MESSAGE'],
      [{ type: 'subscribe', topics: ['everything'] }, 'BAD_MESSAGE'],
      [{ type: 'subscribe', topics: [] }, 'BAD_MESSAGE'],
      [{ type: 'subscribe', topics: ['feed'], after: '-1' }, 'BAD_MESSAGE'],
      [{ type: 'subscribe', topics: [`editor:${crypto.randomUUID()}`] }, 'TOKEN_MISSING'],
      [{ type: 'auth', token: 'a.b.c' }, 'TOKEN_INVALID'],
    ];
    for (const [message, code] of bad) {
      const before = client.messages.length;
      client.send(message);
      await eventually(() => expect(client.messages.length).toBe(before + 1));
      expect({ message, reply: client.messages.at(-1) }).toMatchObject({
        message,
        reply: { type: 'error', code },
      });
    }
    client.send({ type: 'ping' });
    await eventually(() => expect(client.messages.at(-1)).toEqual({ type: 'pong' }));

    // A message over 4 KiB closes the connection (1009, message too big).
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.send({ type: 'ping', pad: 'x'.repeat(5000) });
    expect(await closed).toBe(1009);
  });

  it('when an editor authenticates, then their own topic is allowed and another editor’s is not', async () => {
    const client = await connect({ authorization: `Bearer ${admin}` });
    await eventually(() => expect(client.messages[0]?.type).toBe('authenticated'));
    client.send({ type: 'subscribe', topics: [`editor:${crypto.randomUUID()}`] }); // admins: any
    await eventually(() => expect(client.messages.at(-1)?.type).toBe('subscribed'));
  });

  it('when the upgrade comes from an origin not allowed, then 403; a path that is not /v1/ws, 404', async () => {
    const status = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => resolve(101));
        ws.once('error', () => undefined);
      });
    const base = system.gateway.url.replace('http', 'ws');
    expect(await status(`${base}/v1/ws`, { origin: 'https://evil.example' })).toBe(403);
    expect(await status(`${base}/v1/ws`, { origin: 'https://rcr.example' })).toBe(101);
    expect(await status(`${base}/v1/other`, {})).toBe(404);
  });

  it('when /v1/ws is asked without an upgrade (a browser, curl), then 426 problem+json with Upgrade: websocket, not 404', async () => {
    const plain = await fetch(`${system.gateway.url}/v1/ws`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get('upgrade')).toBe('websocket');
    expect(plain.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await plain.json()).toMatchObject({ status: 426, code: 'UPGRADE_REQUIRED', instance: '/v1/ws' });
  });
});
