import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RcrEvent } from '@rcr/contracts';
import { createLogger, newEvent, openEmbeddedBus, type MemoryBus } from '@rcr/platform';
import type { TokenVerifier } from '../src/auth/tokens.ts';
import { EventStreams } from '../src/realtime/event-streams.ts';
import { PlainWebSocket } from '../src/realtime/websocket.ts';

const LIMIT = 64 * 1024;
let bus: MemoryBus;
let server: Server;
let streams: EventStreams;
let plain: PlainWebSocket;
let url: string;

beforeAll(async () => {
  bus = await openEmbeddedBus();
  streams = new EventStreams(bus, {
    log: createLogger('test', 'silent'),
    recentEvents: 100,
    heartbeatMs: 60_000,
    maxBufferedBytes: LIMIT,
    maxConnectionsPerClient: 100,
  });
  await streams.start();
  server = createServer();
  // No token is ever sent here, so the verifier is never asked.
  plain = new PlainWebSocket(server, {
    streams,
    verifier: {} as TokenVerifier,
    corsOrigins: '*',
    log: createLogger('test', 'silent'),
    maxMessagesPerSecond: 20,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1/ws`;
});

afterAll(async () => {
  await plain?.close();
  await streams?.close();
  await new Promise((resolve) => server?.close(resolve));
  await bus?.close();
});

function cameraEvent(i: number): RcrEvent {
  return newEvent('flood-test', 'camera.created', `cam-${i}`, {
    cameraId: `cam-${i}`,
    brand: 'Flood',
    model: `M${i} ${'x'.repeat(400)}`,
    type: 'compact',
    specs: {},
    version: 1,
  });
}

it('when a client never reads, then it is disconnected once its unsent bytes pass the limit, and a reading client gets everything', async () => {
  // The slow client: a real TCP connection that upgrades and then never reads a byte.
  const slow = net.connect(Number(new URL(url).port), '127.0.0.1');
  await new Promise((resolve) => slow.once('connect', resolve));
  const key = Buffer.from('never-reads-0123').toString('base64');
  slow.write(
    `GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const frame = Buffer.from(JSON.stringify({ type: 'subscribe', topics: ['feed'] }));
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(frame.map((byte, i) => byte ^ (mask[i % 4] as number)));
  slow.write(Buffer.concat([Buffer.from([0x81, 0x80 | frame.length]), mask, masked]));
  slow.pause();
  let slowClosed = false;
  slow.on('close', () => void (slowClosed = true));
  slow.on('error', () => undefined);

  const reader = new WebSocket(url);
  let received = 0;
  reader.on('message', (data) => {
    if ((JSON.parse(data.toString()) as { type: string }).type === 'event') received += 1;
  });
  await new Promise((resolve) => reader.once('open', resolve));
  reader.send(JSON.stringify({ type: 'subscribe', topics: ['feed'] }));
  await expect.poll(() => streams.size).toBe(2);

  // About 20 MB of events: more than the kernel's socket buffers can take for the client that never reads.
  const total = 40_000;
  // (Publishing here never yields to I/O by itself: let the reading client read between batches.)
  for (let i = 0; i < total; i++) {
    await bus.publish(cameraEvent(i));
    if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  await expect.poll(() => streams.size, { timeout: 30_000 }).toBe(1);
  await expect.poll(() => received, { timeout: 30_000 }).toBe(total);
  slow.resume();
  await expect.poll(() => slowClosed, { timeout: 10_000 }).toBe(true);
  reader.terminate();
}, 120_000);
