import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { startTestSystem } from './support/system.ts';

// Every request here comes from 127.0.0.1. Behind a load balancer that is the balancer's address: the
// client is named by X-Forwarded-For, which only a trusted proxy may set.
const BUDGET = 5;
let behindProxy: EmbeddedSystem;
let exposed: EmbeddedSystem;
const closers: (() => void)[] = [];

beforeAll(async () => {
  const env = { RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(BUDGET), PUSH_MAX_CONNECTIONS_PER_CLIENT: '1' };
  [behindProxy, exposed] = await Promise.all([
    startTestSystem({ ...env, TRUSTED_PROXIES: '127.0.0.1/8, ::1' }),
    // Trusts a balancer elsewhere: a request from 127.0.0.1 is a client talking to the gateway directly.
    startTestSystem({ ...env, TRUSTED_PROXIES: '10.1.2.3' }),
  ]);
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all([behindProxy?.stop(), exposed?.stop()]);
});

/** The anonymous budget left after one GET /v1/cameras sent with `forwardedFor` (none: no header). */
async function remainingAfterOne(system: EmbeddedSystem, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${system.gateway.url}/v1/cameras`, {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return Number(response.headers.get('x-ratelimit-remaining'));
}

/** Opens /v1/ws with `forwardedFor`; resolves with the socket, or the status of a refused upgrade. */
function webSocket(system: EmbeddedSystem, forwardedFor: string): Promise<WebSocket | number> {
  const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/v1/ws`, {
    headers: { 'x-forwarded-for': forwardedFor },
  });
  closers.push(() => ws.terminate());
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

/** Opens an SSE stream with `forwardedFor`; answers its status (the stream stays open until the end). */
async function sseStatus(system: EmbeddedSystem, forwardedFor: string): Promise<number> {
  const controller = new AbortController();
  closers.push(() => controller.abort());
  const response = await fetch(`${system.gateway.url}/v1/events?topics=feed`, {
    headers: { 'x-forwarded-for': forwardedFor },
    signal: controller.signal,
  });
  if (response.status !== 200) await response.arrayBuffer();
  return response.status;
}

describe('X-Forwarded-For from a trusted proxy (TRUSTED_PROXIES)', () => {
  it('when two clients come through the proxy, then each has its own rate-limit budget', async () => {
    const first = [
      await remainingAfterOne(behindProxy, '203.0.113.7'),
      await remainingAfterOne(behindProxy, '203.0.113.7'),
    ];
    const other = await remainingAfterOne(behindProxy, '198.51.100.9');

    expect(first).toEqual([BUDGET - 1, BUDGET - 2]);
    expect(other).toBe(BUDGET - 1);
  });

  it("when a client puts addresses of its own before the proxy's entry, then only the proxy's entry counts", async () => {
    const spoofed = await remainingAfterOne(behindProxy, '192.0.2.66, 192.0.2.55');
    const again = await remainingAfterOne(behindProxy, '192.0.2.99, 192.0.2.55');

    expect([spoofed, again]).toEqual([BUDGET - 1, BUDGET - 2]);
  });

  it('when clients behind the proxy open push connections, then the per-client quota counts each client, upgrades included', async () => {
    expect(await sseStatus(behindProxy, '203.0.113.20')).toBe(200);

    expect(await sseStatus(behindProxy, '203.0.113.20')).toBe(429);
    expect(await webSocket(behindProxy, '203.0.113.20')).toBe(429);
    expect(await webSocket(behindProxy, '203.0.113.21')).toBeInstanceOf(WebSocket);
  });
});

describe('X-Forwarded-For from anyone else', () => {
  it('when a client talking to the gateway directly sends the header, then it is ignored: one budget for all its claims', async () => {
    const claims = [
      await remainingAfterOne(exposed, '203.0.113.7'),
      await remainingAfterOne(exposed, '198.51.100.9'),
      await remainingAfterOne(exposed),
    ];

    expect(claims).toEqual([BUDGET - 1, BUDGET - 2, BUDGET - 3]);
  });

  it('when a direct client claims other addresses for push connections, then they all count as its own', async () => {
    expect(await sseStatus(exposed, '203.0.113.30')).toBe(200);

    expect(await sseStatus(exposed, '203.0.113.31')).toBe(429);
    expect(await webSocket(exposed, '203.0.113.32')).toBe(429);
  });
});
