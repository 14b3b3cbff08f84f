import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_TOPICS, USER_TOPIC_PREFIX, WsClientMessageSchema, type WsClientMessage } from '@rcr/contracts';
import type { Logger } from '@rcr/platform';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenVerifier, VerifiedCaller } from '../auth/tokens.ts';
import { clientAddressOf } from '../client-address.ts';
import { BEARER_TOKEN } from '../rest/deps.ts';
import type { EventStreams, StreamSink } from './event-streams.ts';
import { originAllowed, topicAllowed } from './socket.ts';
import { pushMessageBudget } from './message-budget.ts';

/** The path of the plain WebSocket. */
export const WS_PATH = '/v1/ws';
/** Largest message a client may send; larger closes the connection (1009). */
const MAX_MESSAGE_BYTES = 4096;

/** Takes one WebSocket upgrade request (the socket is still raw HTTP). */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

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

/** Reads one client message (WsClientMessageSchema); a string saying what is wrong when it is not one. */
function parseMessage(text: string): WsClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'a message is one JSON object';
  }
  const parsed = WsClientMessageSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue || issue.path.length === 0)
    return 'a message is one JSON object whose "type" is subscribe, unsubscribe, auth or ping';
  return `${issue.path.map(String).join('.')}: ${issue.message}`;
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
      /** The client's address of an upgrade request (TRUSTED_PROXIES, see client-address.ts); default: the peer's. */
      clientAddress?: ((request: IncomingMessage) => string | undefined) | undefined;
      /** Messages per second a connection may send (bursts of five seconds' worth; see MessageBudget). */
      maxMessagesPerSecond: number;
      /**
       * Other WebSocket endpoints on this server, by path (GraphQL's graphql-ws); they get the upgrade
       * once its Origin and the client's connection quota were checked.
       */
      upgrades?: Record<string, UpgradeHandler> | undefined;
    },
  ) {
    const clientAddress = options.clientAddress ?? clientAddressOf(undefined);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/socket.io')) return; // Socket.IO's own
      const endpoint: UpgradeHandler | undefined =
        path === WS_PATH
          ? (req, sock, first) =>
              this.#server.handleUpgrade(req, sock, first, (ws) => this.#onConnection(ws, req))
          : options.upgrades?.[path];
      if (!endpoint) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      // Every WebSocket endpoint: an allowed Origin, and one of the client's push connections.
      if (!originAllowed(request.headers.origin, options.corsOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const release = options.streams.connections.take(clientAddress(request), 'websocket');
      if (!release) {
        socket.end(
          'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 60\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      socket.once('close', release);
      endpoint(request, socket, head);
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

    const handle = async (message: WsClientMessage) => {
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
        if (!topic.startsWith('editor:') && !topic.startsWith(USER_TOPIC_PREFIX)) continue;
        if (!caller)
          return error('TOKEN_MISSING', `${topic} needs a token: send {"type":"auth","token":…} first`);
        if (!topicAllowed(topic, caller)) return error('TOPIC_FORBIDDEN', `${topic} is not yours`);
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

    const budget = pushMessageBudget(this.options.maxMessagesPerSecond);
    ws.on('message', (data, isBinary) => {
      const verdict = budget.take(performance.now());
      if (verdict === 'exhausted') return ws.close(1008, 'too many messages');
      if (verdict === 'refused')
        return error('TOO_MANY_MESSAGES', `at most ${this.options.maxMessagesPerSecond} messages per second`);
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
