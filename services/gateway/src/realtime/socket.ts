import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { EventType, RcrEvent } from '@rcr/contracts';
import type { EventBus, Logger, Subscription } from '@rcr/platform';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { TokenVerifier } from '../auth/tokens.ts';

/** Events pushed to Socket.IO clients, and the consumer group that feeds them. */
export const PUSHED_EVENTS: readonly EventType[] = [
  'review.published',
  'review.updated',
  'review.unpublished',
];
export const PUSH_GROUP = 'gateway-push';

type Ack = (answer: { ok: boolean; room?: string; error?: string }) => void;

/** The rooms an event goes to: the public feed and camera rooms only see published reviews. */
export function roomsFor(event: RcrEvent): string[] {
  const data = event.data as { cameraId?: string; authorId?: string; status?: string };
  const rooms: string[] = [];
  if (data.authorId) rooms.push(`editor:${data.authorId}`);
  const isPublic = event.type !== 'review.updated' || data.status === 'published';
  if (isPublic) {
    rooms.push('feed');
    if (data.cameraId) rooms.push(`camera:${data.cameraId}`);
  }
  return rooms;
}

/**
 * Whether a handshake may go on: a browser's `Origin` must be one of the allowed origins (exactly; `null`
 * and look-alike hosts are refused); a client that sends no Origin is not a browser and is allowed.
 */
export function originAllowed(origin: string | undefined, allowed: string[] | '*'): boolean {
  return origin === undefined || allowed === '*' || allowed.includes(origin);
}

/**
 * Socket.IO on the gateway's HTTP server. Clients emit `subscribe` with `{room}`: `feed`,
 * `camera:<id>`, or — with a valid access token in the handshake `auth.token` — their own
 * `editor:<id>` (admins: any); at most `maxRooms` per connection. Bus events are emitted to rooms; with
 * Redis, through the Redis adapter, so whichever gateway consumes an event reaches clients of every
 * gateway. The handshake checks `Origin` against `corsOrigins` on every transport (CORS alone does not
 * protect WebSocket), and a message larger than `maxPayloadBytes` closes the connection.
 */
export class RealtimeHub {
  readonly io: Server;
  #subscription: Subscription | undefined;
  #redis: Redis[] = [];

  constructor(
    server: HttpServer,
    private readonly options: {
      verifier: TokenVerifier;
      log: Logger;
      corsOrigins: string[] | '*';
      redisUrl?: string | undefined;
      namespace: string;
      maxRooms: number;
      maxPayloadBytes: number;
    },
  ) {
    this.io = new Server(server, {
      path: '/socket.io',
      cors: { origin: options.corsOrigins === '*' ? true : options.corsOrigins },
      // Every transport's handshake, WebSocket included (browsers do not apply CORS to WebSocket).
      allowRequest: (request: IncomingMessage, callback) =>
        originAllowed(request.headers.origin, options.corsOrigins)
          ? callback(null, true)
          : callback('origin not allowed', false),
      maxHttpBufferSize: options.maxPayloadBytes,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
    });
    if (options.redisUrl) {
      const pub = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
      const sub = pub.duplicate();
      for (const client of [pub, sub])
        client.on('error', (err: Error) =>
          options.log.warn({ err: err.message }, 'redis (socket.io adapter) error'),
        );
      this.#redis = [pub, sub];
      this.io.adapter(createAdapter(pub, sub, { key: `${options.namespace}:socket.io` }));
    }
    this.io.on('connection', (socket) => this.#onConnection(socket));
  }

  #onConnection(socket: Socket) {
    socket.on('subscribe', async (payload: unknown, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => undefined;
      const room = (payload as { room?: unknown } | null)?.room;
      if (typeof room !== 'string' || room.length > 140)
        return reply({ ok: false, error: 'payload must be {"room": "<name>"}' });
      // socket.rooms also holds the socket's own room (its id).
      const full = () => !socket.rooms.has(room) && socket.rooms.size - 1 >= this.options.maxRooms;
      const tooMany = {
        ok: false,
        error: `too many rooms: at most ${this.options.maxRooms} per connection; unsubscribe first`,
      };
      if (full()) return reply(tooMany);
      if (room === 'feed' || /^camera:[a-z0-9][a-z0-9-]{0,99}$/.test(room)) {
        await socket.join(room);
        return reply({ ok: true, room });
      }
      const editor = /^editor:([0-9a-f-]{36})$/.exec(room);
      if (editor) {
        const token = (socket.handshake.auth as { token?: unknown }).token;
        if (typeof token !== 'string') return reply({ ok: false, error: 'editor rooms need auth.token' });
        try {
          const actor = await this.options.verifier.verify(token, `socket-${socket.id}`);
          if (actor.role !== 'admin' && actor.id !== editor[1])
            return reply({ ok: false, error: 'not your room' });
        } catch {
          return reply({ ok: false, error: 'invalid token' });
        }
        if (full()) return reply(tooMany);
        await socket.join(room);
        return reply({ ok: true, room });
      }
      return reply({ ok: false, error: 'unknown room' });
    });
    socket.on('unsubscribe', async (payload: unknown, ack?: Ack) => {
      const room = (payload as { room?: unknown } | null)?.room;
      if (typeof room === 'string') await socket.leave(room);
      if (typeof ack === 'function') ack({ ok: true });
    });
  }

  /** Starts consuming bus events for push. */
  async start(bus: EventBus): Promise<void> {
    this.#subscription = await bus.subscribe({
      group: PUSH_GROUP,
      types: PUSHED_EVENTS,
      handler: async (event) => {
        const rooms = roomsFor(event);
        if (rooms.length > 0) this.io.to(rooms).emit(event.type, event);
      },
    });
  }

  async close(): Promise<void> {
    await this.#subscription?.close();
    await new Promise<void>((resolve) => {
      this.io.close(() => resolve());
      // io.close also closes the HTTP server; resolve even when it was closed already.
      setTimeout(resolve, 500).unref();
    });
    for (const client of this.#redis) client.disconnect();
  }
}
