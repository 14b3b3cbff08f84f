import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { PushClient } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { SseClient } from './support/sse.ts';
import { startTestSystem } from './support/system.ts';

// Every client here comes from 127.0.0.1: one address, three connections allowed.
const MAX = 3;
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
  system = await startTestSystem({ PUSH_MAX_CONNECTIONS_PER_CLIENT: String(MAX) });
});

afterAll(async () => {
  for (const close of closers) close();
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
