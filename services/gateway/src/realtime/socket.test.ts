import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, MemoryKeyValueStore } from '@rcr/platform';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenVerifier, VerifiedCaller } from '../auth/tokens.ts';
import { RealtimeHub } from './socket.ts';
import { ConnectionQuota } from './connection-quota.ts';

const EDITOR = '01a22b5c-0000-7000-8000-0000000000e1';

/** A hub on a real HTTP server whose token checks answer `caller` (the verifier is not under test here). */
async function startHub(caller: () => VerifiedCaller) {
  const server: HttpServer = createServer();
  const verifier = { verify: async () => caller() } as unknown as TokenVerifier;
  const hub = new RealtimeHub(server, {
    verifier,
    log: createLogger('socket-test', 'silent'),
    corsOrigins: '*',
    namespace: 't',
    maxRooms: 10,
    maxPayloadBytes: 16_384,
    maxMessagesPerSecond: 20,
    connections: new ConnectionQuota(100),
    kv: new MemoryKeyValueStore(),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { hub, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const open: { hub: RealtimeHub; socket: Socket }[] = [];
afterEach(async () => {
  for (const { hub, socket } of open.splice(0)) {
    socket.close();
    await hub.close();
  }
});

async function connect(hub: RealtimeHub, url: string): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: { token: 't' },
  });
  open.push({ hub, socket });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('RealtimeHub editor rooms', () => {
  it('when the token that opened an editor room expires, then the socket leaves the room and is told so', async () => {
    const { hub, url } = await startHub(() => ({
      id: EDITOR,
      role: 'editor',
      name: 'E',
      sid: 's1',
      issuedAtMs: Date.now(),
      expiresAtMs: Date.now() + 300,
    }));
    const socket = await connect(hub, url);
    const expired = new Promise<{ rooms: string[] }>((resolve) => socket.once('auth.expired', resolve));

    expect(await socket.timeout(2000).emitWithAck('subscribe', { room: `editor:${EDITOR}` })).toMatchObject({
      ok: true,
    });

    expect(await expired).toEqual({ rooms: [`editor:${EDITOR}`] });
    const members = await hub.io.in(`editor:${EDITOR}`).fetchSockets();
    expect(members).toHaveLength(0);
  });

  it('when the session behind an editor room is revoked, then the socket leaves it and public rooms stay', async () => {
    const { hub, url } = await startHub(() => ({
      id: EDITOR,
      role: 'editor',
      name: 'E',
      sid: 'session-1',
      issuedAtMs: Date.now(),
      expiresAtMs: Date.now() + 600_000,
    }));
    const socket = await connect(hub, url);
    await socket.timeout(2000).emitWithAck('subscribe', { room: 'feed' });
    await socket.timeout(2000).emitWithAck('subscribe', { room: `editor:${EDITOR}` });
    const revoked = new Promise<{ rooms: string[] }>((resolve) => socket.once('auth.revoked', resolve));

    hub.revoke({ editorId: EDITOR, sessionId: 'another-session', revokedAt: new Date().toISOString() });
    hub.revoke({ editorId: EDITOR, sessionId: 'session-1', revokedAt: new Date().toISOString() });

    expect(await revoked).toEqual({ rooms: [`editor:${EDITOR}`] });
    expect(await hub.io.in(`editor:${EDITOR}`).fetchSockets()).toHaveLength(0);
    expect(await hub.io.in('feed').fetchSockets()).toHaveLength(1);
  });
});
