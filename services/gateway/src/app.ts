import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppError, type Logger } from '@rcr/platform';
import { TokenVerifier } from './auth/tokens.ts';
import { authRoutes } from './rest/auth.ts';
import { cameraRoutes } from './rest/cameras.ts';
import { contentRoutes } from './rest/content.ts';
import type { RouteDeps } from './rest/deps.ts';
import { editorRoutes } from './rest/editors.ts';
import { healthRoutes, type ReadinessCheck } from './rest/health.ts';
import { sendAppError, sendProblem } from './rest/http.ts';
import { reviewRoutes } from './rest/reviews.ts';
import type { Upstreams } from './upstream/clients.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP app (no listen), so tests can use it in-process. */
export function buildHttpApp(options: {
  upstreams: Upstreams;
  log: Logger;
  bodyLimit: number;
  ready: ReadinessCheck;
}): { app: FastifyInstance; verifier: TokenVerifier } {
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    // One access-log line per request is written by the onResponse hook below, with our fields.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        requestId: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof AppError) return sendAppError(request, reply, err);
    const status = (err as { statusCode?: number }).statusCode;
    const code = (err as { code?: string }).code ?? 'ERROR';
    if (status && status >= 400 && status < 500) {
      const known: Record<string, [string, string]> = {
        FST_ERR_CTP_INVALID_JSON_BODY: ['MALFORMED_JSON', 'the request body is not valid JSON'],
        FST_ERR_CTP_EMPTY_JSON_BODY: ['MALFORMED_JSON', 'the request body is empty but declared as JSON'],
        FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', `the request body exceeds ${options.bodyLimit} bytes`],
        FST_ERR_CTP_INVALID_MEDIA_TYPE: [
          'UNSUPPORTED_MEDIA_TYPE',
          'send the request body as application/json',
        ],
      };
      const [mapped, detail] = known[code] ?? [
        code.replace(/^FST_ERR_/, ''),
        err instanceof Error ? err.message : 'bad request',
      ];
      return sendProblem(request, reply, status, mapped, detail);
    }
    request.log.error({ err, requestId: request.id }, 'unhandled error');
    return sendProblem(request, reply, 500, 'INTERNAL', 'an unexpected error occurred');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      404,
      'ROUTE_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    ),
  );

  const verifier = new TokenVerifier(options.upstreams, options.log);
  const deps: RouteDeps = { upstreams: options.upstreams, verifier };
  healthRoutes(app, options.ready);
  authRoutes(app, deps);
  editorRoutes(app, deps);
  cameraRoutes(app, deps);
  reviewRoutes(app, deps);
  contentRoutes(app, deps);
  return { app, verifier };
}
