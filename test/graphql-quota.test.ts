import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { SseClient } from './support/sse.ts';
import { startTestSystem } from './support/system.ts';

// Every client here comes from 127.0.0.1: one address, two push connections allowed.
let system: EmbeddedSystem;
const closers: (() => void)[] = [];

/** Opens a graphql-ws socket on /graphql; resolves with it, or with the HTTP status of a refused upgrade. */
function graphqlSocket(): Promise<WebSocket | number> {
  const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  closers.push(() => ws.terminate());
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

/** Starts a GraphQL subscription over SSE; the response (its body left open). */
async function graphqlSse(accept = 'text/event-stream'): Promise<Response> {
  const controller = new AbortController();
  closers.push(() => controller.abort());
  return fetch(`${system.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query: 'subscription { reviewPublished { reviewId } }' }),
    signal: controller.signal,
  });
}

beforeAll(async () => {
  system = await startTestSystem({ PUSH_MAX_CONNECTIONS_PER_CLIENT: '2' });
});

afterAll(async () => {
  for (const close of closers) close();
  await system?.stop();
});

describe('GraphQL subscriptions count against the push connection quota', () => {
  it('when one address holds its quota, then another graphql-ws upgrade is 429 and a GraphQL SSE subscription 429 in GraphQL’s shape, until one closes', async () => {
    const sse = new SseClient(system.gateway.url, 'feed');
    closers.push(() => sse.close());
    await sse.opened;
    const ws = await graphqlSocket();
    expect(ws).toBeInstanceOf(WebSocket);

    expect(await graphqlSocket()).toBe(429);
    const refused = await graphqlSse();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({
      errors: [{ extensions: { code: 'TOO_MANY_STREAMS', status: 429 } }],
    });

    (ws as WebSocket).close();
    let again: WebSocket | number = 0;
    for (let i = 0; i < 100 && !(again instanceof WebSocket); i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await graphqlSocket();
    }
    expect(again).toBeInstanceOf(WebSocket);
    (again as WebSocket).close();
    const streaming = await (async () => {
      for (let i = 0; i < 100; i++) {
        const response = await graphqlSse();
        if (response.status === 200) return response;
        await response.body?.cancel();
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    })();
    expect(streaming?.headers.get('content-type')).toMatch(/^text\/event-stream/);
  });

  it('when a client that accepts anything (*/*) gets a subscription as a stream, then it holds a connection too: past the quota it is 429 and ended', async () => {
    for (const close of closers.splice(0)) close();
    // Whatever the previous test left open is released a moment after it closed.
    let held: Response | undefined;
    for (let i = 0; i < 100 && held?.status !== 200; i++) {
      await held?.body?.cancel();
      await new Promise((r) => setTimeout(r, 50));
      held = await graphqlSse('*/*');
    }
    expect(held?.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const second = await graphqlSse('*/*');
    expect(second.status).toBe(200);
    // Two streams held: the quota is full for every kind of push connection.
    const sse = await fetch(`${system.gateway.url}/v1/events?topics=feed`);
    expect(sse.status).toBe(429);
    await sse.body?.cancel();
    const refused = await graphqlSse('*/*');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      errors: [{ extensions: { code: 'TOO_MANY_STREAMS', status: 429 } }],
    });
  });
});
