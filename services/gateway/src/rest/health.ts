import type { FastifyInstance } from 'fastify';

/** Reports each dependency as reachable or not. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/** Liveness (the process answers) and readiness (every dependency answers). */
export function healthRoutes(app: FastifyInstance, ready: ReadinessCheck) {
  app.get('/healthz', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', async (_request, reply) => {
    const checks = await ready();
    const ok = Object.values(checks).every(Boolean);
    reply.header('Cache-Control', 'no-store').status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not-ready', checks };
  });
}
