import type { EventType } from '@rcr/contracts';
import { Repeater } from '@repeaterjs/repeater';
import type { EventStreams, StreamedEvent, StreamSink } from '../realtime/event-streams.ts';

const MAX_PENDING = 1000;

/**
 * A GraphQL subscription's source: the gateway's event streams (the ones SSE and the plain WebSocket
 * serve) on one topic (`feed`, `camera:<id>`), events of one type. The events wait in memory until the
 * subscriber takes them; one that lets more than the streams' byte limit pile up is ended (the streams
 * disconnect it, as a slow SSE client), so memory stays bounded.
 */
export function subscribeTopic(
  streams: EventStreams,
  topic: string,
  type: EventType,
): AsyncIterableIterator<StreamedEvent> {
  return new Repeater<StreamedEvent>(async (push, stop) => {
    const closeListeners: (() => void)[] = [];
    let closed = false;
    let pendingBytes = 0;
    let pending = 0;
    const sink: StreamSink = {
      event: (streamed) => {
        if (streamed.event.type !== type) return;
        // The Repeater holds at most 1024 unread values; a subscriber that far behind is ended.
        if (pending >= MAX_PENDING) return void stop();
        const size = streamed.json.length;
        pendingBytes += size;
        pending++;
        void push(streamed).then(() => {
          pendingBytes -= size;
          pending--;
        });
      },
      reset: () => undefined,
      keepAlive: () => undefined,
      end: () => stop(),
      buffered: () => pendingBytes,
      destroy: () => stop(),
      get closed() {
        return closed;
      },
      onClose: (listener) => void closeListeners.push(listener),
    };
    await streams.serve(sink, new Set([topic]), undefined);
    await stop;
    closed = true;
    for (const listener of closeListeners) listener();
  });
}
