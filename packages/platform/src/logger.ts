import { pino, type DestinationStream, type Logger } from 'pino';
import { traceFields } from './tracing.ts';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (pino), one child per service; request ids are bound by the callers. A line
 * written inside a span carries its `trace_id` and `span_id` (ADR 0031). Lines go to stdout, or to
 * `destination` (tests that read what was logged).
 */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceFields,
  };
  return destination ? pino(options, destination) : pino(options);
}
