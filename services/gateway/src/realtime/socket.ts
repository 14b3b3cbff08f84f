import { clientAddressOf } from '../client-address.ts';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import {
  PUSHED_EVENT_TYPES,
  pushedEvent,
  USER_TOPIC_PREFIX,
  type EventData,
  type RcrEvent,
} from '@rcr/contracts';
import {
  SpanKind,
  traced,
  type EventBus,
  type KeyValueStore,
  type Logger,
  type Subscription,
} from '@rcr/platform';
import type { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { ConnectionQuota } from './connection-quota.ts';
import { pushMessageBudget } from './message-budget.ts';

/** The consumer group that feeds Socket.IO rooms (events: PUSHED_EVENT_TYPES). */
export const PUSH_GROUP = 'gateway-push';

/** What Socket.IO's adapter on Redis needs: where Redis is, and the client libraries, loaded. */
export interface RedisAdapterLink {
  url: string;
  Redis: typeof Redis;
  createAdapter: typeof createAdapter;
}

/**
 * Loads the Redis client and the Socket.IO Redis Streams adapter for `url`: only a gateway with Redis
 * loads them (an embedded system has none, and does not pay for them at start; ADR 0034).
 */
export async function redisAdapterLink(url: string): Promise<RedisAdapterLink> {
  const [{ Redis }, { createAdapter }] = await Promise.all([
    import('ioredis'),
    import('@socket.io/redis-streams-adapter'),
  ]);
  return { url, Redis, createAdapter };
}

type Ack = (answer: { ok: boolean; room?: string; error?: string }) => void;

/** The access token a socket's editor and user rooms were granted with (kept on `socket.data`). */
interface EditorGrant {
  sub: string;
  sid?: string | undefined;
  issuedAtMs: number;
  expiresAtMs: number;
  expiry: NodeJS.Timeout;
}

/** How long a pushed event's id is remembered so that no gateway emits it twice (longer than redelivery takes). */
const PUSHED_TTL_MS = 10 * 60_000;
/** Local memory of pushed ids when the shared store cannot be reached. */
const LOCAL_PUSHED_MAX = 10_000;

/**
 * The rooms an event goes to: a job's events to its owner's private `user:<id>` room and nowhere else;
 * the public feed and camera rooms only see published reviews (a draft's change or deletion goes to its
 * author's room only).
 */
export function roomsFor(event: RcrEvent): string[] {
  if (event.type.startsWith('job.')) {
    const owner = (event.data as { ownerId?: unknown }).ownerId;
    return typeof owner === 'string' ? [`${USER_TOPIC_PREFIX}${owner}`] : [];
  }
  const data = event.data as { cameraId?: string; authorId?: string; status?: string };
  const rooms: string[] = [];
  if (data.authorId) rooms.push(`editor:${data.authorId}`);
  const isPublic =
    (event.type !== 'review.updated' && event.type !== 'review.deleted') || data.status === 'published';
  if (isPublic) {
    rooms.push('feed');
    if (data.cameraId) rooms.push(`camera:${data.cameraId}`);
  }
  return rooms;
}

/**
 * Whether a caller may follow a private topic: `user:<id>` only its user (admins included: a user's jobs
 * are theirs alone); `editor:<id>` that editor or an admin.
 */
export function topicAllowed(topic: string, caller: { id: string; role: string }): boolean {
  if (topic.startsWith(USER_TOPIC_PREFIX)) return topic === `${USER_TOPIC_PREFIX}${caller.id}`;
  if (topic.startsWith('editor:')) return caller.role === 'admin' || topic === `editor:${caller.id}`;
  return true;
}

/**
 * Whether a handshake may go on: a browser's `Origin` must be one of the allowed origins (exactly; `null`
 * and look-alike hosts are refused); a client that sends no Origin is not a browser and is allowed.
 */
export function originAllowed(origin: string | undefined, allowed: string[] | '*'): boolean {
  return origin === undefined || allowed === '*' || allowed.includes(origin);
}

/**
 * An event's payload and the client's acknowledgement callback (a no-op when it asked for none). Socket.IO
 * passes the callback as the last argument, so `emit('subscribe', ack)` without a payload gives the
 * callback first: it is still answered (with the payload's error), never left waiting.
 */
function payloadAndAck(args: unknown[]): { payload: unknown; reply: Ack } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args[0], reply: () => undefined };
  return { payload: args.length > 1 ? args[0] : undefined, reply: last as Ack };
}

/**
 * Socket.IO on the gateway's HTTP server. Clients emit `subscribe` with `{room}`: `feed`,
 * `camera:<id>`, or — with a valid access token in the handshake `auth.token` — their own
 * `editor:<id>` (admins: any) and their own `user:<id>` (nobody else's, admins included: their jobs'
 * events); at most `maxRooms` per connection, and `maxMessagesPerSecond` messages (past it a message is
 * answered `{ok: false}` unhandled; a client that floods on is disconnected). Bus events are emitted to rooms; with
 * Redis, through the Redis Streams adapter, so whichever gateway consumes an event reaches clients of every
 * gateway, and a client that drops for up to two minutes gets what it missed when it reconnects (to any
 * gateway: connection-state recovery, sessions kept in Redis). The handshake checks `Origin` against `corsOrigins` on every transport (CORS alone does not
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
      /** Redis shared by every gateway (distributed mode), from {@link redisAdapterLink}. */
      redis?: RedisAdapterLink | undefined;
      namespace: string;
      maxRooms: number;
      maxPayloadBytes: number;
      /** Messages per second a connection may send (bursts of five seconds' worth; see MessageBudget). */
      maxMessagesPerSecond: number;
      /** Open push connections per client address (shared with SSE and the plain WebSocket). */
      connections: ConnectionQuota;
      /** Where pushed event ids are remembered across gateways (Redis in distributed mode). */
      kv: KeyValueStore;
      /** The client's address of a handshake (TRUSTED_PROXIES, see client-address.ts); default: the peer's. */
      clientAddress?: ((request: IncomingMessage) => string | undefined) | undefined;
    },
  ) {
    const clientAddress = options.clientAddress ?? clientAddressOf(undefined);
    this.io = new Server(server, {
      path: '/socket.io',
      cors: { origin: options.corsOrigins === '*' ? true : options.corsOrigins },
      // Every transport's handshake, WebSocket included (browsers do not apply CORS to WebSocket).
      allowRequest: (request: IncomingMessage, callback) => {
        if (!originAllowed(request.headers.origin, options.corsOrigins))
          return callback('origin not allowed', false);
        if (options.connections.full(clientAddress(request)))
          return callback('too many connections from this address', false);
        callback(null, true);
      },
      maxHttpBufferSize: options.maxPayloadBytes,
      // Other upgrades (the plain WebSocket at /v1/ws) are answered by their own handler.
      destroyUpgrade: false,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
    });
    if (options.redis) {
      const { Redis, createAdapter } = options.redis;
      // Redis Streams, not pub/sub: a gateway that loses Redis for a while reads on from where it was, and
      // a client that reconnects to another gateway recovers its session (packets missed meanwhile).
      const client = new Redis(options.redis.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
      client.on('error', (err: Error) =>
        options.log.warn({ err: err.message }, 'redis (socket.io adapter) error'),
      );
      this.#redis = [client];
      this.io.adapter(
        createAdapter(client, {
          streamName: `${options.namespace}:socket.io`,
          sessionKeyPrefix: `${options.namespace}:socket.io:session:`,
          channelPrefix: `${options.namespace}:socket.io`,
          onlyPlaintext: true,
        }),
      );
    }
    // Counted from the handshake to the end of the underlying connection, whatever its transport.
    this.io.engine.on(
      'connection',
      (connection: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
        const release = options.connections.take(clientAddress(connection.request), 'socketio');
        if (release) connection.once('close', release);
      },
    );
    this.io.on('connection', (socket) => this.#onConnection(socket));
  }

  #onConnection(socket: Socket) {
    const budget = pushMessageBudget(this.options.maxMessagesPerSecond);
    socket.use((packet, next) => {
      const verdict = budget.take(performance.now());
      if (verdict === 'ok') return next();
      if (verdict === 'exhausted') return void socket.disconnect(true);
      const ack = packet.at(-1);
      if (typeof ack === 'function') {
        (ack as Ack)({
          ok: false,
          error: `too many messages: at most ${this.options.maxMessagesPerSecond} per second`,
        });
      }
    });
    socket.on('subscribe', async (...args: unknown[]) => {
      const { payload, reply } = payloadAndAck(args);
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
      const editor = /^(editor|user):([0-9a-f-]{36})$/.exec(room);
      if (editor) {
        const token = (socket.handshake.auth as { token?: unknown }).token;
        if (typeof token !== 'string')
          return reply({ ok: false, error: `${editor[1]} rooms need auth.token` });
        let caller;
        try {
          caller = await this.options.verifier.verify(token, `socket-${socket.id}`);
          if (!topicAllowed(room, caller)) return reply({ ok: false, error: 'not your room' });
        } catch {
          return reply({ ok: false, error: 'invalid token' });
        }
        if (full()) return reply(tooMany);
        this.#grant(socket, caller);
        await socket.join(room);
        return reply({ ok: true, room });
      }
      return reply({ ok: false, error: 'unknown room' });
    });
    socket.on('disconnect', () => clearTimeout((socket.data as { grant?: EditorGrant }).grant?.expiry));
    socket.on('unsubscribe', async (...args: unknown[]) => {
      const { payload, reply } = payloadAndAck(args);
      const room = (payload as { room?: unknown } | null)?.room;
      if (typeof room !== 'string') return reply({ ok: false, error: 'payload must be {"room": "<name>"}' });
      await socket.leave(room);
      reply({ ok: true });
    });
  }

  /**
   * Records the token a socket's editor rooms rely on, and ends them when it expires. A socket holds one
   * grant (its handshake token): a later join replaces the timer with the same token's.
   */
  #grant(
    socket: Socket,
    caller: { id: string; sid?: string | undefined; issuedAtMs: number; expiresAtMs: number },
  ) {
    const data = socket.data as { grant?: EditorGrant };
    clearTimeout(data.grant?.expiry);
    const expiry = setTimeout(
      () => this.#endEditorRooms(socket, 'auth.expired'),
      Math.max(0, caller.expiresAtMs - Date.now()),
    );
    expiry.unref();
    data.grant = {
      sub: caller.id,
      sid: caller.sid,
      issuedAtMs: caller.issuedAtMs,
      expiresAtMs: caller.expiresAtMs,
      expiry,
    };
  }

  /** Takes a socket out of every editor and user room and tells it why (`auth.expired` or `auth.revoked`). */
  #endEditorRooms(socket: Socket, reason: 'auth.expired' | 'auth.revoked') {
    const data = socket.data as { grant?: EditorGrant };
    clearTimeout(data.grant?.expiry);
    data.grant = undefined;
    const rooms = [...socket.rooms].filter(
      (room) => room.startsWith('editor:') || room.startsWith(USER_TOPIC_PREFIX),
    );
    for (const room of rooms) void socket.leave(room);
    if (rooms.length > 0) socket.emit(reason, { rooms });
  }

  /**
   * A session (or every session of an editor) was revoked: this gateway's sockets whose editor rooms
   * rely on a token of it leave them at once.
   */
  revoke(revocation: EventData<'session.revoked'>): void {
    const revokedAt = Date.parse(revocation.revokedAt);
    for (const socket of this.io.of('/').sockets.values()) {
      const grant = (socket.data as { grant?: EditorGrant }).grant;
      if (!grant) continue;
      const hit = revocation.sessionId
        ? grant.sid === revocation.sessionId
        : grant.sub === revocation.editorId && grant.issuedAtMs <= revokedAt;
      if (hit) this.#endEditorRooms(socket, 'auth.revoked');
    }
  }

  /**
   * Starts consuming bus events for push. An event is emitted once: its id is claimed in the shared
   * store first (a redelivery — to this or another gateway — finds the claim and emits nothing); with
   * the store away, a local memory of recent ids does the same for this gateway.
   */
  async start(bus: EventBus): Promise<void> {
    const local = new Set<string>();
    const firstTime = async (id: string): Promise<boolean> => {
      try {
        return await this.options.kv.set(`push:${id}`, '1', { onlyIfAbsent: true, ttlMs: PUSHED_TTL_MS });
      } catch {
        if (local.has(id)) return false;
        local.add(id);
        if (local.size > LOCAL_PUSHED_MAX) local.delete(local.values().next().value as string);
        return true;
      }
    };
    this.#subscription = await bus.subscribe({
      group: PUSH_GROUP,
      types: PUSHED_EVENT_TYPES,
      handler: async (event) => {
        const rooms = roomsFor(event);
        if (rooms.length === 0 || !(await firstTime(event.id))) return;
        // A span of the consumer's `process` span (ADR 0031): the end of the event's trace.
        await traced(
          `push ${event.type}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: { 'rcr.push.transport': 'socket.io', 'rcr.push.rooms': rooms },
            onlyInTrace: true,
          },
          () => void this.io.to(rooms).emit(event.type, pushedEvent(event)),
        );
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
