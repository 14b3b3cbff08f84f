import { PUSHED_EVENT_TYPES } from '@rcr/contracts';
import { EventSource } from 'eventsource';

/** One message as an EventSource client saw it. */
export interface SseMessage {
  id: string;
  type: string;
  data: { id?: string; type?: string; data?: Record<string, unknown>; reason?: string; position?: number };
}

/** Every event name the gateway's stream may send. */
const NAMES = [...PUSHED_EVENT_TYPES, 'reset', 'auth.expired', 'auth.revoked'];

/**
 * A real EventSource (the `eventsource` package, WHATWG semantics) on `GET /v1/events`, recording what
 * arrives. `lastEventId` is sent as the `Last-Event-ID` header of the first request, as a browser's
 * EventSource does when it reconnects; `token` as a bearer token.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly source: EventSource;
  readonly opened: Promise<void>;
  errors = 0;

  constructor(
    origin: string,
    topics: string,
    options: { lastEventId?: string; token?: string; query?: string } = {},
  ) {
    const extra: Record<string, string> = {};
    if (options.lastEventId !== undefined) extra['last-event-id'] = options.lastEventId;
    if (options.token) extra.authorization = `Bearer ${options.token}`;
    let first = true;
    this.source = new EventSource(
      `${origin}/v1/events?topics=${encodeURIComponent(topics)}${options.query ?? ''}`,
      {
        fetch: (input, init) => {
          const headers = { ...(init.headers as Record<string, string>) };
          // Only the first request: on a reconnect the client sends its own last id.
          if (first) Object.assign(headers, extra);
          if (options.token) headers.authorization = `Bearer ${options.token}`;
          first = false;
          return fetch(input, { ...init, headers });
        },
      },
    );
    for (const name of NAMES) {
      this.source.addEventListener(name, (message) => {
        this.messages.push({ id: message.lastEventId, type: name, data: JSON.parse(message.data as string) });
      });
    }
    this.source.addEventListener('error', () => void (this.errors += 1));
    this.opened = new Promise((resolve, reject) => {
      this.source.addEventListener('open', () => resolve(), { once: true });
      this.source.addEventListener('error', () => reject(new Error('the stream did not open')), {
        once: true,
      });
    });
  }

  /** Messages of a type, optionally about one review. */
  of(type: string, reviewId?: string): SseMessage[] {
    return this.messages.filter(
      (m) => m.type === type && (reviewId === undefined || m.data.data?.reviewId === reviewId),
    );
  }

  close(): void {
    this.source.close();
  }
}
