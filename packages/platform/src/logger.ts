import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs (pino), one child per service; request ids are bound by the callers. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
