import underPressure from '@fastify/under-pressure';
import { AppError } from '@rcr/platform';
import type { RestApp } from './app-types.ts';

/** When the gateway stops taking requests (0 turns a check off). */
export interface LoadShedding {
  /** Mean event-loop delay over the last sample, in ms. */
  maxEventLoopDelayMs: number;
  /** Resident memory, in bytes. */
  maxRssBytes: number;
  /** What 503 answers say in Retry-After, in seconds. */
  retryAfterSeconds: number;
}

/** How often the process is sampled; a burst shorter than this shows as a smaller mean delay. */
const SAMPLE_INTERVAL_MS = 250;

/**
 * Load shedding (M18): while the event loop lags or memory runs high, every request but the liveness
 * probe is answered at once with 503 problem+json (`OVERLOADED`) and Retry-After, instead of queueing
 * behind the backlog until everything times out. Measured by @fastify/under-pressure in this process;
 * checked before anything else runs for the request (authentication, rate limit, upstream calls).
 */
export async function installLoadShedding(app: RestApp, limits: LoadShedding): Promise<void> {
  if (limits.maxEventLoopDelayMs === 0 && limits.maxRssBytes === 0) return;
  await app.register(underPressure, {
    sampleInterval: SAMPLE_INTERVAL_MS,
    ...(limits.maxEventLoopDelayMs > 0 ? { maxEventLoopDelay: limits.maxEventLoopDelayMs } : {}),
    ...(limits.maxRssBytes > 0 ? { maxRssBytes: limits.maxRssBytes } : {}),
    pressureHandler: (request, reply, type) => {
      // Alive even when overloaded: a liveness probe that fails restarts the process, losing its work.
      if (request.url === '/healthz') return undefined;
      reply.header('Retry-After', String(limits.retryAfterSeconds));
      throw new AppError(
        'unavailable',
        'OVERLOADED',
        `the gateway is overloaded (${type === 'eventLoopDelay' ? 'event loop delay' : 'memory'}); retry later`,
      );
    },
  });
}
