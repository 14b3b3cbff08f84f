import type { ServerResponse } from 'node:http';
import { PUSHED_EVENT_TYPES, pushedEvent, type EventData, type RcrEvent } from '@rcr/contracts';
import { SpanKind, startSpan, type EventBus, type Logger, type LogPosition } from '@rcr/platform';
import { ConnectionQuota } from './connection-quota.ts';
import { roomsFor } from './socket.ts';

/** Why a stream restarts from now instead of resuming (`event: reset`). */
export type ResetReason = 'position-expired' | 'position-unknown';

/** Settings of the event streams (config: SSE_*). */
export interface EventStreamOptions {
  log: Logger;
  /** Recent events kept in memory, so most resumptions never read the bus. */
  recentEvents: number;
  /** Comment line sent this often on every stream, so proxies and clients see it alive. */
  heartbeatMs: number;
  /** A client whose unsent bytes pass this is disconnected (it resumes later with its last id). */
  maxBufferedBytes: number;
  /** Open push connections one client address may hold (SSE, WebSocket, Socket.IO). */
  maxConnectionsPerClient: number;
}

/** One streamed event with its log position; each protocol's framing is made once and shared. */
export class StreamedEvent {
  readonly topics: string[];
  /** The event as clients get it (see pushedEvent). */
  readonly event: RcrEvent;
  #sse: string | undefined;
  #json: string | undefined;

  constructor(
    event: RcrEvent,
    readonly position: LogPosition,
  ) {
    this.event = pushedEvent(event);
    this.topics = roomsFor(event);
  }

  /** The SSE message: `id` is the log position, the client's resume point. */
  get sse(): string {
    return (this.#sse ??= `id: ${this.position}\nevent: ${this.event.type}\ndata: ${JSON.stringify(this.event)}\n\n`);
  }

  /** The plain WebSocket message (see websocket.ts). */
  get json(): string {
    return (this.#json ??= JSON.stringify({
      type: 'event',
      id: String(this.position),
      event: this.event.type,
      data: this.event,
    }));
  }
}

/** Where one client's stream goes: an SSE response or a WebSocket. */
export interface StreamSink {
  event(streamed: StreamedEvent): void;
  /** The client's position is not in the log: it should refetch; the stream goes on after `position`. */
  reset(reason: ResetReason, position: LogPosition): void;
  keepAlive(): void;
  /** Ends the stream telling why (its token expired or was revoked). */
  end(reason: 'auth.expired' | 'auth.revoked'): void;
  /** Bytes accepted and not yet sent. */
  buffered(): number;
  destroy(): void;
  readonly closed: boolean;
  onClose(listener: () => void): void;
}

/** An SSE response as a sink (headers already written). */
export function sseSink(res: ServerResponse): StreamSink {
  return {
    event: (streamed) => void res.write(streamed.sse),
    reset: (reason, position) =>
      void res.write(`id: ${position}\nevent: reset\ndata: ${JSON.stringify({ reason, position })}\n\n`),
    keepAlive: () => void res.write(': keep-alive\n\n'),
    end: (reason) => void res.end(`event: ${reason}\ndata: {}\n\n`),
    buffered: () => res.writableLength,
    destroy: () => void res.destroy(),
    get closed() {
      return res.destroyed || res.writableEnded;
    },
    onClose: (listener) => void res.once('close', listener),
  };
}

/** One open stream. */
interface Stream {
  sink: StreamSink;
  /** The topics it follows (a WebSocket changes them as it subscribes). */
  topics: ReadonlySet<string>;
  /** Position of the last event this stream was sent or skipped: it resumes after it. */
  cursor: LogPosition;
  /** The editor it was authorised as (editor topics), for revocation. */
  editor?: { id: string; sid?: string | undefined; issuedAtMs: number } | undefined;
}

/**
 * Server-Sent Events fed by the bus's log (`EventBus.history`, `broadcast({after})`). Each message's `id`
 * is the event's log position — the same on every gateway, since they read one log (NATS: the events
 * stream) — so a client that reconnects with `Last-Event-ID`, to this gateway or another, gets exactly the
 * events after it: from memory when they are recent, else read from the log; then live. A position the log
 * no longer retains (or never had) gets `event: reset`, telling the client to refetch, and the stream goes
 * on from now. The broadcast itself starts at the log's end when the gateway starts, so the recent events
 * in memory have no gap.
 */
export class EventStreams {
  readonly #recent: StreamedEvent[] = [];
  /** Every event after this position is in `#recent` (or was not a streamed type). */
  #coveredAfter: LogPosition = 0;
  /** Position of the newest event seen. */
  #head: LogPosition = 0;
  readonly #streams = new Set<Stream>();
  #listener: { close(): Promise<void> } | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  /** Open push connections per client address, shared by every push protocol of this gateway. */
  readonly connections: ConnectionQuota;

  constructor(
    private readonly bus: EventBus,
    private readonly options: EventStreamOptions,
  ) {
    this.connections = new ConnectionQuota(options.maxConnectionsPerClient);
  }

  async start(): Promise<void> {
    const { last } = await this.bus.history.bounds();
    this.#coveredAfter = last;
    this.#head = last;
    this.#listener = await this.bus.broadcast({
      types: PUSHED_EVENT_TYPES,
      after: last,
      handler: (event, position) => this.#append(event, position),
    });
    this.#heartbeat = setInterval(() => {
      for (const stream of this.#streams) this.#send(stream, (sink) => sink.keepAlive());
    }, this.options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Open streams (for tests and metrics). */
  get size(): number {
    return this.#streams.size;
  }

  #append(event: RcrEvent, position: LogPosition): void {
    if (position <= this.#head) return;
    this.#head = position;
    const entry = new StreamedEvent(event, position);
    this.#recent.push(entry);
    while (this.#recent.length > this.options.recentEvents) {
      this.#coveredAfter = (this.#recent.shift() as StreamedEvent).position;
    }
    // Inside the broadcast's `process` span (ADR 0031): the push to the open streams ends the trace.
    const push = startSpan(`push ${event.type}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'rcr.push.transport': 'sse', 'rcr.push.streams': this.#streams.size },
      onlyInTrace: true,
    });
    for (const stream of this.#streams) this.#offer(stream, entry);
    push?.span.end();
  }

  #offer(stream: Stream, entry: StreamedEvent): void {
    if (entry.position <= stream.cursor) return;
    stream.cursor = entry.position;
    if (entry.topics.some((topic) => stream.topics.has(topic)))
      this.#send(stream, (sink) => sink.event(entry));
  }

  /** Sends to a stream; one that stopped reading and holds too many unsent bytes is closed. */
  #send(stream: Stream, send: (sink: StreamSink) => void): void {
    if (stream.sink.closed) return;
    send(stream.sink);
    const buffered = stream.sink.buffered();
    if (buffered > this.options.maxBufferedBytes) {
      this.options.log.info({ buffered }, 'event stream client not reading; disconnected');
      this.#end(stream);
      stream.sink.destroy();
    }
  }

  #end(stream: Stream): void {
    this.#streams.delete(stream);
  }

  /**
   * Serves one stream on `sink`: resumes after `lastEventId` when given, else starts at the newest event;
   * then live until the client goes away, or its editor token expires (`editor.expiresAtMs`).
   */
  async serve(
    sink: StreamSink,
    topics: ReadonlySet<string>,
    lastEventId: LogPosition | undefined,
    editor?: Stream['editor'] & { expiresAtMs: number },
  ): Promise<void> {
    const stream: Stream = { sink, topics, cursor: this.#head, editor };
    sink.onClose(() => this.#end(stream));
    if (lastEventId !== undefined) {
      const { first, last } = await this.bus.history.bounds();
      const reason: ResetReason | undefined =
        lastEventId > Math.max(last, this.#head)
          ? 'position-unknown'
          : lastEventId + 1 < first
            ? 'position-expired'
            : undefined;
      if (reason) {
        stream.cursor = this.#head;
        this.#send(stream, (s) => s.reset(reason, stream.cursor));
      } else {
        stream.cursor = lastEventId;
        // Older than what memory holds: read the log until memory takes over.
        while (stream.cursor < this.#coveredAfter && !sink.closed) {
          const page = await this.bus.history.read({
            after: stream.cursor,
            types: PUSHED_EVENT_TYPES,
            limit: 500,
          });
          for (const { event, position } of page.events) {
            const streamed = new StreamedEvent(event, position);
            if (streamed.topics.some((topic) => topics.has(topic)))
              this.#send(stream, (s) => s.event(streamed));
          }
          if (page.through <= stream.cursor) break; // nothing more is retained
          stream.cursor = page.through;
        }
        // From here on nothing awaits: memory, then live, with nothing in between.
        for (const entry of this.#recent) this.#offer(stream, entry);
        stream.cursor = Math.max(stream.cursor, this.#head);
      }
    }
    if (sink.closed) return;
    this.#streams.add(stream);
    if (editor) {
      const expiry = setTimeout(
        () => this.#close(stream, 'auth.expired'),
        Math.max(0, editor.expiresAtMs - Date.now()),
      );
      expiry.unref();
      sink.onClose(() => clearTimeout(expiry));
    }
  }

  /** Ends a stream with a last message saying why (the client should not simply reconnect with the same token). */
  #close(stream: Stream, reason: 'auth.expired' | 'auth.revoked'): void {
    this.#end(stream);
    if (!stream.sink.closed) stream.sink.end(reason);
  }

  /** A session (or every session of an editor) was revoked: streams authorised by it end at once. */
  revoke(revocation: EventData<'session.revoked'>): void {
    const revokedAt = Date.parse(revocation.revokedAt);
    for (const stream of this.#streams) {
      const editor = stream.editor;
      if (!editor) continue;
      const hit = revocation.sessionId
        ? editor.sid === revocation.sessionId
        : editor.id === revocation.editorId && editor.issuedAtMs <= revokedAt;
      if (hit) this.#close(stream, 'auth.revoked');
    }
  }

  /** Ends every stream and stops listening; again, nothing more. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.close();
    for (const stream of this.#streams) stream.sink.destroy();
    this.#streams.clear();
  }
}
