import { pino, type Logger } from 'pino';
import { traceFields } from './tracing.ts';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (pino), one child per service; request ids are bound by the callers. A line
 * written inside a span carries its `trace_id` and `span_id` (ADR 0031).
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceFields,
  });
}
