import type { ServerResponse } from 'node:http';
import type { EventData, EventType, RcrEvent } from '@rcr/contracts';
import type { EventBus, Logger, LogPosition } from '@rcr/platform';
import { PUSHED_EVENTS, roomsFor } from './socket.ts';

/** Events streamed to SSE clients: review publications (as pushed to Socket.IO rooms) and camera changes. */
export const STREAMED_EVENTS: readonly EventType[] = [
  ...PUSHED_EVENTS,
  'camera.created',
  'camera.updated',
  'camera.deleted',
];

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
}

/** One recent event, framed once for every stream that gets it. */
interface Entry {
  position: LogPosition;
  topics: string[];
  frame: string;
}

/** One open stream. */
interface Stream {
  res: ServerResponse;
  topics: ReadonlySet<string>;
  /** Position of the last event this stream was sent or skipped: it resumes after it. */
  cursor: LogPosition;
  /** The editor it was authorised as (editor topics), for revocation. */
  editor?: { id: string; sid?: string | undefined; issuedAtMs: number } | undefined;
}

/** One SSE message: `id` is the event's log position, the client's resume point. */
export function frameOf(event: RcrEvent, position: LogPosition): string {
  return `id: ${position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
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
  readonly #recent: Entry[] = [];
  /** Every event after this position is in `#recent` (or was not a streamed type). */
  #coveredAfter: LogPosition = 0;
  /** Position of the newest event seen. */
  #head: LogPosition = 0;
  readonly #streams = new Set<Stream>();
  #listener: { close(): Promise<void> } | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly options: EventStreamOptions,
  ) {}

  async start(): Promise<void> {
    const { last } = await this.bus.history.bounds();
    this.#coveredAfter = last;
    this.#head = last;
    this.#listener = await this.bus.broadcast({
      types: STREAMED_EVENTS,
      after: last,
      handler: (event, position) => this.#append(event, position),
    });
    this.#heartbeat = setInterval(() => {
      for (const stream of this.#streams) this.#write(stream, ': keep-alive\n\n');
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
    const entry = { position, topics: roomsFor(event), frame: frameOf(event, position) };
    this.#recent.push(entry);
    while (this.#recent.length > this.options.recentEvents) {
      this.#coveredAfter = (this.#recent.shift() as Entry).position;
    }
    for (const stream of this.#streams) this.#offer(stream, entry);
  }

  #offer(stream: Stream, entry: Entry): void {
    if (entry.position <= stream.cursor) return;
    stream.cursor = entry.position;
    if (entry.topics.some((topic) => stream.topics.has(topic))) this.#write(stream, entry.frame);
  }

  /** Writes to a stream; one that stopped reading and holds too many unsent bytes is closed. */
  #write(stream: Stream, text: string): void {
    if (stream.res.destroyed) return;
    stream.res.write(text);
    if (stream.res.writableLength > this.options.maxBufferedBytes) {
      this.options.log.info({ buffered: stream.res.writableLength }, 'SSE client not reading; disconnected');
      this.#end(stream);
      stream.res.destroy();
    }
  }

  #end(stream: Stream): void {
    this.#streams.delete(stream);
  }

  /**
   * Serves one stream on `res` (headers already written): resumes after `lastEventId` when given, else
   * starts at the newest event; then live until the client goes away or `closeAt` (token expiry).
   */
  async serve(
    res: ServerResponse,
    topics: ReadonlySet<string>,
    lastEventId: LogPosition | undefined,
    editor?: Stream['editor'] & { expiresAtMs: number },
  ): Promise<void> {
    const stream: Stream = { res, topics, cursor: this.#head, editor };
    res.once('close', () => this.#end(stream));
    res.write('retry: 2000\n\n');
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
        const data = JSON.stringify({ reason, position: stream.cursor });
        res.write(`id: ${stream.cursor}\nevent: reset\ndata: ${data}\n\n`);
      } else {
        stream.cursor = lastEventId;
        // Older than what memory holds: read the log until memory takes over.
        while (stream.cursor < this.#coveredAfter && !res.destroyed) {
          const page = await this.bus.history.read({
            after: stream.cursor,
            types: STREAMED_EVENTS,
            limit: 500,
          });
          for (const { event, position } of page.events) {
            if (roomsFor(event).some((topic) => topics.has(topic)))
              this.#write(stream, frameOf(event, position));
          }
          if (page.through <= stream.cursor) break; // nothing more is retained
          stream.cursor = page.through;
        }
        // From here on nothing awaits: memory, then live, with nothing in between.
        for (const entry of this.#recent) this.#offer(stream, entry);
        stream.cursor = Math.max(stream.cursor, this.#head);
      }
    }
    if (res.destroyed) return;
    this.#streams.add(stream);
    if (editor) {
      const expiry = setTimeout(
        () => this.#close(stream, 'auth.expired'),
        Math.max(0, editor.expiresAtMs - Date.now()),
      );
      expiry.unref();
      res.once('close', () => clearTimeout(expiry));
    }
  }

  /** Ends a stream with a last message saying why (the client should not simply reconnect with the same token). */
  #close(stream: Stream, reason: 'auth.expired' | 'auth.revoked'): void {
    this.#write(stream, `event: ${reason}\ndata: {}\n\n`);
    this.#end(stream);
    stream.res.end();
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
    for (const stream of this.#streams) stream.res.end();
    this.#streams.clear();
  }
}
