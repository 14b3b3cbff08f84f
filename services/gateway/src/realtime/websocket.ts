import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@rcr/platform';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenVerifier, VerifiedCaller } from '../auth/tokens.ts';
import { BEARER_TOKEN } from '../rest/deps.ts';
import { isTopic, MAX_TOPICS } from '../rest/events.ts';
import type { EventStreams, StreamSink } from './event-streams.ts';
import { originAllowed } from './socket.ts';

/** The path of the plain WebSocket. */
export const WS_PATH = '/v1/ws';
/** Largest message a client may send; larger closes the connection (1009). */
const MAX_MESSAGE_BYTES = 4096;

/** Takes one WebSocket upgrade request (the socket is still raw HTTP). */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** What a client may send (see docs/design.md, "Plain WebSocket"). */
type ClientMessage =
  | { type: 'auth'; token: string }
  | { type: 'subscribe'; topics: string[]; after?: string }
  | { type: 'unsubscribe'; topics: string[] }
  | { type: 'ping' };

/** A WebSocket as a stream sink: JSON text messages; keep-alive is a protocol ping. */
function wsSink(ws: WebSocket): StreamSink {
  return {
    event: (streamed) => ws.send(streamed.json),
    reset: (reason, position) =>
      ws.send(JSON.stringify({ type: 'reset', reason, position: String(position) })),
    keepAlive: () => ws.ping(),
    end: (reason) => {
      ws.send(JSON.stringify({ type: reason }));
      ws.close(4001, reason);
    },
    buffered: () => ws.bufferedAmount,
    destroy: () => ws.terminate(),
    get closed() {
      return ws.readyState !== ws.OPEN;
    },
    onClose: (listener) => void ws.once('close', listener),
  };
}

/** Reads one client message; a string saying what is wrong when it is not one. */
function parseMessage(text: string): ClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'a message is one JSON object';
  }
  const message = value as { type?: unknown; topics?: unknown; after?: unknown; token?: unknown } | null;
  if (typeof message !== 'object' || message === null) return 'a message is one JSON object';
  switch (message.type) {
    case 'ping':
      return { type: 'ping' };
    case 'auth':
      return typeof message.token === 'string'
        ? { type: 'auth', token: message.token }
        : '"token" must be a string';
    case 'subscribe':
    case 'unsubscribe': {
      const topics = message.topics;
      if (!Array.isArray(topics) || topics.length === 0 || topics.length > MAX_TOPICS)
        return `"topics" must be a list of 1 to ${MAX_TOPICS} topics`;
      const bad = topics.find((topic) => typeof topic !== 'string' || !isTopic(topic));
      if (bad !== undefined) return `unknown topic ${JSON.stringify(bad)}: feed, camera:<id> or editor:<id>`;
      if (message.type === 'unsubscribe') return { type: 'unsubscribe', topics: topics as string[] };
      if (
        message.after !== undefined &&
        (typeof message.after !== 'string' || !/^\d{1,15}$/.test(message.after))
      )
        return '"after" must be the id of an event received';
      return {
        type: 'subscribe',
        topics: topics as string[],
        ...(message.after ? { after: message.after } : {}),
      };
    }
    default:
      return '"type" must be subscribe, unsubscribe, auth or ping';
  }
}

/**
 * The plain WebSocket at `/v1/ws` (RFC 6455, no Socket.IO framing) for small devices, on the streams SSE
 * uses: the first `subscribe` may carry `after` (the `id` of the last event received) to resume exactly
 * like `Last-Event-ID`; later ones add topics from now on. Editor topics need a token: `Authorization:
 * Bearer` on the upgrade, or an `auth` message first. The upgrade checks `Origin` against CORS_ORIGINS; a
 * client that stops reading is disconnected once SSE_MAX_BUFFERED_BYTES wait for it.
 */
export class PlainWebSocket {
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  constructor(
    server: HttpServer,
    private readonly options: {
      streams: EventStreams;
      verifier: TokenVerifier;
      corsOrigins: string[] | '*';
      log: Logger;
      /** Other WebSocket endpoints on this server, by path (GraphQL's graphql-ws). */
      upgrades?: Record<string, UpgradeHandler> | undefined;
    },
  ) {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/socket.io')) return; // Socket.IO's own
      const other = options.upgrades?.[path];
      if (other) return other(request, socket, head);
      if (path !== WS_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (!originAllowed(request.headers.origin, options.corsOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, request));
    });
  }

  #onConnection(ws: WebSocket, request: IncomingMessage): void {
    const topics = new Set<string>();
    const send = (message: object): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const error = (code: string, message: string): void => send({ type: 'error', code, message });
    let caller: VerifiedCaller | undefined;
    let streaming = false;
    let queue = Promise.resolve();
    const authenticate = async (token: string) => {
      try {
        caller = await this.options.verifier.verify(token, `ws-${Date.now()}`);
        send({ type: 'authenticated', editorId: caller.id });
      } catch {
        error('TOKEN_INVALID', 'the token is not valid');
      }
    };
    const header = BEARER_TOKEN.exec(request.headers.authorization ?? '');
    if (header) queue = authenticate(header[1] as string);

    const handle = async (message: ClientMessage) => {
      if (message.type === 'ping') return void send({ type: 'pong' });
      if (message.type === 'auth') {
        if (streaming) return error('TOO_LATE', 'authenticate before the first subscribe');
        return authenticate(message.token);
      }
      if (message.type === 'unsubscribe') {
        for (const topic of message.topics) topics.delete(topic);
        return void send({ type: 'subscribed', topics: [...topics] });
      }
      for (const topic of message.topics) {
        if (!topic.startsWith('editor:')) continue;
        if (!caller)
          return error('TOKEN_MISSING', `${topic} needs a token: send {"type":"auth","token":…} first`);
        if (caller.role !== 'admin' && topic !== `editor:${caller.id}`)
          return error('TOPIC_FORBIDDEN', `${topic} is not yours`);
      }
      if (new Set([...topics, ...message.topics]).size > MAX_TOPICS)
        return error('TOO_MANY_TOPICS', `at most ${MAX_TOPICS} topics per connection`);
      if (streaming && message.after !== undefined)
        return error('ALREADY_STREAMING', '"after" is only taken by the first subscribe');
      for (const topic of message.topics) topics.add(topic);
      send({ type: 'subscribed', topics: [...topics] });
      if (!streaming) {
        streaming = true;
        const editor = caller && {
          id: caller.id,
          sid: caller.sid,
          issuedAtMs: caller.issuedAtMs,
          expiresAtMs: caller.expiresAtMs,
        };
        await this.options.streams.serve(
          wsSink(ws),
          topics,
          message.after === undefined ? undefined : Number(message.after),
          editor,
        );
      }
    };

    ws.on('message', (data, isBinary) => {
      if (isBinary) return error('BAD_MESSAGE', 'messages are JSON text');
      const parsed = parseMessage(data.toString());
      if (typeof parsed === 'string') return error('BAD_MESSAGE', parsed);
      // One message at a time, in order (a subscribe may wait on the log).
      queue = queue
        .then(async () => void (await handle(parsed)))
        .catch((err: unknown) => {
          this.options.log.warn({ err }, 'WebSocket message failed');
          error('INTERNAL', 'the message could not be handled');
        });
    });
    ws.on('error', () => ws.terminate());
  }

  async close(): Promise<void> {
    for (const ws of this.#server.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
