import type { RcrEvent } from '@rcr/contracts';
import {
  activeTraceparent,
  carrierOf,
  markFailed,
  SpanKind,
  startSpan,
  traced,
  type TraceCarrier,
} from '../tracing.ts';

/**
 * The spans of an event's way through the outbox and the bus (ADR 0031), after the OpenTelemetry
 * messaging conventions: `create <type>` where the event is recorded (its context goes into the envelope's
 * `traceparent`, stored with the outbox row), `publish <type>` when the relay hands it to the bus (a child
 * of the creation context; its own context travels in the message headers), and `process <type>` where a
 * consumer group applies it (a child of the publish context). Each hop carries one message, so each span
 * is the child of the one before: one trace from the request to the last effect.
 */
function attributesOf(event: RcrEvent, operation: string): Record<string, string> {
  return {
    'messaging.system': 'rcr',
    'messaging.operation.name': operation,
    'messaging.destination.name': event.type,
    'messaging.message.id': event.id,
    'rcr.event.subject': event.subject,
  };
}

/**
 * The event as recorded inside the active trace: a `create` span's context in its `traceparent`. Outside
 * a trace (or with tracing off) the event is returned as it is.
 */
export function withCreationContext(event: RcrEvent): Promise<RcrEvent> {
  return traced(
    `create ${event.type}`,
    { kind: SpanKind.PRODUCER, attributes: attributesOf(event, 'create'), onlyInTrace: true },
    (span) => (span ? { ...event, traceparent: activeTraceparent() ?? event.traceparent } : event),
  );
}

/**
 * Starts the `publish` span of an event, continuing its creation context (else whatever trace the
 * publisher is in): `headers` are what the message carries (the span's context; empty outside a trace),
 * `end` finishes the span once the bus accepted the message, or failed to.
 */
export function publishSpan(event: RcrEvent): { headers: TraceCarrier; end(err?: unknown): void } {
  const started = startSpan(`publish ${event.type}`, {
    kind: SpanKind.PRODUCER,
    attributes: attributesOf(event, 'publish'),
    parent: event.traceparent ? { traceparent: event.traceparent } : undefined,
    onlyInTrace: true,
  });
  if (!started) return { headers: {}, end: () => undefined };
  return {
    headers: carrierOf(started.context),
    end: (err) => {
      if (err !== undefined) markFailed(started.span, err);
      started.span.end();
    },
  };
}

/**
 * Runs a consumer's handler in a `process` span continuing the message headers' context (or, for a
 * message published without headers, the envelope's).
 */
export function processTraced<T>(
  group: string,
  event: RcrEvent,
  headers: TraceCarrier | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  return traced(
    `process ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...attributesOf(event, 'process'), 'messaging.consumer.group.name': group },
      parent: headers?.traceparent ? headers : { traceparent: event.traceparent },
      onlyInTrace: true,
    },
    handle,
  );
}
