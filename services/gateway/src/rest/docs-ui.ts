import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import type { RestApp } from './app-types.ts';

/** Request headers the UI's answers depend on (conditional requests). */
const FORWARDED = ['if-none-match', 'if-modified-since', 'accept'] as const;
/** Answer headers passed back from the UI. */
const RETURNED = ['content-type', 'cache-control', 'etag', 'last-modified', 'location'] as const;

/**
 * The API reference UI at `/docs` (@fastify/swagger-ui), built on its first request in a Fastify instance
 * of its own, fed the gateway's OpenAPI document (@fastify/swagger in static mode). Registered with the
 * gateway it cost ~80 ms of every start (it loads @fastify/static, yaml and the UI's files) for a page few
 * starts ever serve. Its answers go out through the gateway's own hooks: security headers, the UI's CSP
 * exception, request id, rate limits.
 */
export function installDocsUi(app: RestApp): void {
  let built: Promise<FastifyInstance> | undefined;
  const docs = () =>
    (built ??= (async () => {
      const { default: swaggerUi } = await import('@fastify/swagger-ui');
      const instance = Fastify({ logger: false });
      await instance.register(swagger, {
        mode: 'static',
        specification: { document: app.swagger() as OpenAPIV3.Document },
      });
      await instance.register(swaggerUi, { routePrefix: '/docs' });
      await instance.ready();
      return instance;
    })());

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const ui = await docs();
    const answer = await ui.inject({ method: request.method as 'GET', url: request.url, headers });
    // The gateway's own 404 (a problem like any other), not the inner instance's.
    if (answer.statusCode === 404) return reply.callNotFound();
    for (const name of RETURNED) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    reply.code(answer.statusCode);
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
  app.get('/docs', { schema: { hide: true } }, serve);
  app.get('/docs/*', { schema: { hide: true } }, serve);
}
