import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { PushClient } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { SseClient } from './support/sse.ts';
import { startTestSystem } from './support/system.ts';

// Every client here comes from 127.0.0.1: one address, three connections allowed.
const MAX = 3;
/** Messages per second per push connection: bursts of 5 × 2 = 10. */
const PER_SECOND = 2;
const BURST = PER_SECOND * 5;
/**
 * What a client that "keeps on" sends in one go: the bucket may have refilled during the test's pause
 * (up to a whole burst on a slow machine), and past those, more than a burst's worth is refused in a row.
 */
const KEEPS_ON = BURST * 3;
let system: EmbeddedSystem;
const closers: (() => void)[] = [];

function sse(): SseClient {
  const client = new SseClient(system.gateway.url, 'feed');
  closers.push(() => client.close());
  return client;
}

/** Opens a plain WebSocket; resolves with it, or with the HTTP status of a refused upgrade. */
function webSocket(): Promise<WebSocket | number> {
  const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/v1/ws`);
  closers.push(() => ws.terminate());
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

beforeAll(async () => {
  system = await startTestSystem({
    PUSH_MAX_CONNECTIONS_PER_CLIENT: String(MAX),
    PUSH_MAX_MESSAGES_PER_SECOND: String(PER_SECOND),
  });
});

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  // Give the quota its places back before the next test opens connections from the same address.
  await eventually(async () => {
    const res = await fetch(`${system.gateway.url}/v1/events?topics=feed`);
    const status = res.status;
    await res.body?.cancel();
    expect(status).toBe(200);
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('open push connections per client address', () => {
  it('when one address holds its quota of streams, then another SSE stream (429 problem), WebSocket (429) and Socket.IO connection are refused until one closes', async () => {
    const first = sse();
    await first.opened;
    const ws = await webSocket();
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = new PushClient(system.gateway.url);
    closers.push(() => socket.close());
    expect(await socket.subscribe('feed')).toMatchObject({ ok: true });

    const refused = await fetch(`${system.gateway.url}/v1/events?topics=feed`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
    expect(await webSocket()).toBe(429);
    // Socket.IO refuses the handshake (polling: 403 with engine.io's "Forbidden" error).
    const extraSocket = new PushClient(system.gateway.url, undefined, { transports: ['polling'] });
    closers.push(() => extraSocket.close());
    await expect(extraSocket.subscribe('feed')).rejects.toThrow(/xhr poll error|Forbidden/);

    // Closing one gives its place back (the gateway sees the close a moment later).
    first.close();
    await eventually(async () => {
      const again = await fetch(`${system.gateway.url}/v1/events?topics=feed`);
      const status = again.status;
      await again.body?.cancel();
      expect(status).toBe(200);
    });
  });
});

/** Resolves with the close code of a WebSocket (or of a Socket.IO connection: 0 when the server dropped it). */
function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('messages per push connection', () => {
  it('when a Socket.IO client floods its connection, then past its budget each message is refused unhandled, and a client that keeps on is disconnected', async () => {
    const client = new PushClient(system.gateway.url);
    closers.push(() => client.close());
    const answers = await Promise.all(Array.from({ length: BURST + 2 }, () => client.subscribe('feed')));
    expect(answers.slice(0, BURST).every((a) => a.ok)).toBe(true);
    expect(answers.slice(BURST)).toEqual([
      { ok: false, error: `too many messages: at most ${PER_SECOND} per second` },
      { ok: false, error: `too many messages: at most ${PER_SECOND} per second` },
    ]);
    // More than a burst's worth of refused messages without a pause: the server drops the connection.
    const dropped = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    for (let i = 0; i < KEEPS_ON; i++) client.socket.emit('subscribe', { room: 'feed' });
    expect(await dropped).toBe('io server disconnect');
  });

  it('when a plain WebSocket client floods its connection, then past its budget it gets TOO_MANY_MESSAGES, and a client that keeps on is closed with 1008', async () => {
    const ws = await webSocket();
    if (!(ws instanceof WebSocket)) throw new Error(`upgrade refused: ${ws}`);
    const answers: { type: string; code?: string }[] = [];
    ws.on('message', (data) => answers.push(JSON.parse(data.toString()) as { type: string; code?: string }));
    const code = closed(ws);
    for (let i = 0; i < BURST + 2; i++) ws.send(JSON.stringify({ type: 'ping' }));
    await eventually(async () => expect(answers).toHaveLength(BURST + 2));
    expect(answers.filter((a) => a.type === 'pong')).toHaveLength(BURST);
    // Refusals are answered at once, handled messages in turn: count them, not their order.
    expect(answers.filter((a) => a.code === 'TOO_MANY_MESSAGES')).toHaveLength(2);
    for (let i = 0; i < KEEPS_ON; i++) ws.send(JSON.stringify({ type: 'ping' }));
    expect(await code).toBe(1008);
  });

  it('when a graphql-ws client floods its socket with subscribes, then past its budget they fail with TOO_MANY_MESSAGES, and a client that keeps on is closed with 1008', async () => {
    const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    closers.push(() => ws.terminate());
    const messages: { type: string; id?: string; payload?: { extensions?: { code?: string } }[] }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await eventually(async () => expect(messages.map((m) => m.type)).toContain('connection_ack'));
    const code = closed(ws);
    const subscribe = (id: string) =>
      ws.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query: '{ cameras(first: 1) { totalCount } }' } }),
      );
    for (let i = 0; i < BURST + 2; i++) subscribe(`q${i}`);
    await eventually(async () => {
      const done = messages.filter((m) => m.type === 'complete' || m.type === 'error');
      expect(done).toHaveLength(BURST + 2);
    });
    const refused = messages
      .filter((m) => m.type === 'error')
      .map((m) => [m.id, m.payload?.[0]?.extensions?.code]);
    expect(refused).toEqual([
      [`q${BURST}`, 'TOO_MANY_MESSAGES'],
      [`q${BURST + 1}`, 'TOO_MANY_MESSAGES'],
    ]);
    for (let i = 0; i < KEEPS_ON; i++) subscribe(`r${i}`);
    expect(await code).toBe(1008);
  });
});
