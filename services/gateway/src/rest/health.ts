import { z } from 'zod';
import type { RestApp } from './app-types.ts';

/** Reports each dependency as reachable or not. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

const Health = z.object({ status: z.string(), checks: z.record(z.string(), z.boolean()).optional() });

/** Liveness (the process answers) and readiness (every dependency answers). */
export function healthRoutes(app: RestApp, ready: ReadinessCheck) {
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
        description: '200 when every upstream service and the bus answer, 503 otherwise, with each check.',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const checks = await ready();
      const ok = Object.values(checks).every(Boolean);
      reply.header('Cache-Control', 'no-store').status(ok ? 200 : 503);
      return { status: ok ? 'ready' : 'not-ready', checks };
    },
  );
}
