import { createHash } from 'node:crypto';
import { z } from 'zod';
import { enableMetrics } from '@rcr/platform';
import type { RestApp } from './app-types.ts';

/** Reports each dependency as reachable or not. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/**
 * Dependencies the gateway can serve without: Redis is a cache and a limiter, not the record, so losing
 * it degrades the gateway (local cache and limits; writes with an Idempotency-Key get 503) but does not
 * take it out of rotation — an outage would otherwise take every gateway out at once.
 */
export const DEGRADABLE = new Set(['redis']);

/**
 * Checks of this gateway's own state: with `scope=gateway` only these make it not ready. Every other
 * check (upstream services, the bus) is shared by all gateways, so no gateway is better off than another.
 */
export const OWN_STATE = new Set(['revocations']);

/** Each upstream's circuit breaker state. */
export type BreakerStates = () => Record<string, 'closed' | 'open' | 'half-open'>;

const Health = z.object({
  status: z.string(),
  checks: z.record(z.string(), z.boolean()).optional(),
  breakers: z
    .record(z.string(), z.enum(['closed', 'open', 'half-open']))
    .optional()
    .describe('circuit breaker of the calls to each upstream service (ADR 0026)'),
});

/**
 * Liveness (the process answers) and readiness (every dependency answers, or only degradable ones fail),
 * with each upstream's circuit breaker state.
 */
export function healthRoutes(app: RestApp, ready: ReadinessCheck, breakers: BreakerStates) {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        operationId: 'liveness',
        summary: 'Liveness',
        description: '200 while the process serves requests.',
        response: { 200: Health },
      },
    },
    async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { status: 'ok' };
    },
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        operationId: 'readiness',
        summary: 'Readiness',
        description:
          "With each check and each upstream's circuit breaker state (`closed`, `open`: calls fail at once, `half-open`: a trial call runs): 200 `ready` when every dependency answers; 200 `degraded` when only Redis does not (reads are served from local caches and limits, writes with an Idempotency-Key answer 503); 503 `not-ready` when an upstream service or the bus does not, or before the gateway has loaded the token revocations from identity (it refuses tokens until then). With `scope=gateway` (what load balancers and orchestrators probe), only this gateway's own state can make it `not-ready` (the revocations not loaded yet): an upstream or the bus that every gateway shares is `degraded`, since taking every gateway out of rotation would turn stale reads and fast failures into an outage.",
        querystring: z.object({
          scope: z
            .enum(['all', 'gateway'])
            .default('all')
            .describe(
              '`gateway`: only what taking this gateway out of rotation could fix makes it not ready',
            ),
        }),
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      // As asked: the checks take up to a second while an upstream does not answer.
      const states = breakers();
      const checks = await ready();
      const failing = Object.keys(checks).filter((name) => !checks[name]);
      const degradable = (name: string) =>
        DEGRADABLE.has(name) || (request.query.scope === 'gateway' && !OWN_STATE.has(name));
      const status = failing.length === 0 ? 'ready' : failing.every(degradable) ? 'degraded' : 'not-ready';
      reply.header('Cache-Control', 'no-store').status(status === 'not-ready' ? 503 : 200);
      return { status, checks, breakers: states };
    },
  );
}

/**
 * `GET /metrics` on the API port (API.md "Operations"): this gateway's Prometheus text, the same as its
 * METRICS_PORT serves. Off with METRICS_PUBLIC=false where Prometheus scrapes the metrics port instead.
 */
export function metricsRoute(app: RestApp) {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        description:
          "This gateway's metrics in the Prometheus text format (requests by route, upstream calls and circuit breakers, cache hits, push connections, bus, process). Not served when the deployment sets `METRICS_PUBLIC=false` (Prometheus then scrapes `METRICS_PORT`).",
        response: { 200: z.string().describe('text/plain; version=0.0.4 (Prometheus exposition format)') },
      },
    },
    async (_request, reply) => {
      const registry = await enableMetrics();
      const text = await registry.metrics();
      reply
        .header('Cache-Control', 'no-store')
        .header('ETag', `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`)
        .type(registry.contentType);
      return text;
    },
  );
}
