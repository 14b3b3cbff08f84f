import type { Redis } from 'ioredis';
import { markFailed, SpanKind, startSpan, tracingEnabled } from '../tracing.ts';

/**
 * Makes every command `redis` sends a CLIENT span (ADR 0031, amendment), child of the active span: named by the
 * command (`GET`, `EVALSHA`, …), with `db.system.name` redis and `db.operation.name` — never its keys or
 * arguments (cached bodies, idempotency records). ioredis sends every command, pipelined ones too,
 * through `sendCommand`, so this is one place per client. Only inside a trace (a periodic flush starts
 * none); when tracing is off a command costs one flag check more.
 */
export function traceRedisCommands<R extends Redis>(redis: R): R {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    if (!tracingEnabled()) return send(command, stream);
    const operation = command.name.toUpperCase();
    const started = startSpan(operation, {
      kind: SpanKind.CLIENT,
      onlyInTrace: true,
      attributes: { 'db.system.name': 'redis', 'db.operation.name': operation },
    });
    if (!started) return send(command, stream);
    const { span } = started;
    command.promise.then(
      () => span.end(),
      (err: unknown) => {
        markFailed(span, err);
        span.end();
      },
    );
    return send(command, stream);
  };
  return redis;
}
