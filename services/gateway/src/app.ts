import type { TrustProxy } from './client-address.ts';
import { installLoadShedding, type LoadShedding } from './rest/load-shedding.ts';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type ConnectionError,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaValidationError,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, errors, type EventBus, type KeyValueStore, type Logger } from '@rcr/platform';
import { unknownFieldErrors } from '@rcr/contracts';
import { TokenVerifier } from './auth/tokens.ts';
import { adminOnly, adminRoutes, requiresAdmin } from './rest/admin.ts';
import { auditRoutes } from './rest/audit-events.ts';
import type { RestApp } from './rest/app-types.ts';
import { authRoutes } from './rest/auth.ts';
import { cameraRoutes } from './rest/cameras.ts';
import { comparisonRoutes } from './rest/comparisons.ts';
import { contentRoutes } from './rest/content.ts';
import { installDocsUi } from './rest/docs-ui.ts';
import { eventRoutes } from './rest/events.ts';
import type { EventStreams } from './realtime/event-streams.ts';
import { installConventions } from './rest/conventions.ts';
import { authenticated, type RouteDeps } from './rest/deps.ts';
import { editorRoutes } from './rest/editors.ts';
import { fileRoutes } from './rest/files.ts';
import { healthRoutes, metricsRoute, type ReadinessCheck } from './rest/health.ts';
import { imageRoutes } from './rest/images.ts';
import { jobRoutes } from './rest/jobs.ts';
import { PROBLEM_BASE, sendAppError, sendProblem } from './rest/http.ts';
import { installHttpMetrics } from './rest/http-metrics.ts';
import { installHttpTracing } from './rest/http-tracing.ts';
import { installIdempotency } from './rest/idempotency.ts';
import { firstDuplicateKey, installHeaderHygiene, installInputHygiene } from './input-hygiene.ts';
import { installRateLimits, type RateLimits } from './rest/rate-limit.ts';
import { LoginAddresses } from './rest/login-addresses.ts';
import { RateLimitCounters } from './rest/rate-limit-counters.ts';
import { installConsistency, type ConsistencyTokens } from './rest/consistency.ts';
import type { ResponseCache } from './rest/response-cache.ts';
import { openApiOptions } from './rest/openapi.ts';
import { partnerKeyRoutes } from './rest/partner-keys.ts';
import { inboundRoutes } from './rest/inbound.ts';
import { webhookEndpointRoutes } from './rest/webhook-endpoints.ts';
import { reviewRoutes } from './rest/reviews.ts';
import type { Upstreams } from './upstream/clients.ts';
import { RetryLaterError } from './upstream/policies.ts';
import {
  DEFAULT_GRAPHQL_LIMITS,
  installGraphQL,
  type GraphQLEndpoint,
  type GraphQLLimits,
} from './graphql/server.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Framework errors a client can cause, mapped to our codes and wording. */
const CLIENT_ERRORS: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['MALFORMED_JSON', 'the request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['MALFORMED_JSON', 'the request body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', 'the request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_CONTENT_LENGTH', 'the Content-Length does not match the body'],
};

/** Zod issue → one field error: paths joined with dots, unknown keys and missing values said plainly. */
function fieldErrors(validation: FastifySchemaValidationError[], context: string) {
  return validation.flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const keys = (issue.params as { keys?: string[] }).keys;
    if (issue.keyword === 'unrecognized_keys' && keys) return unknownFieldErrors(path, keys);
    const missing = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '');
    return [{ field: path || context, message: missing ? 'is required' : (issue.message ?? 'is invalid') }];
  });
}

/** Whether a text is JSON (the default parser also refuses JSON naming prototype members). */
function validJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A JSON body refused for naming `__proto__` or `constructor.prototype`, said as such. */
const forbiddenMember = () =>
  errors.invalid(
    'FORBIDDEN_JSON_MEMBER',
    'the request body names "__proto__" or "constructor": {"prototype": …}, which are refused (prototype pollution)',
  );

/** Node hands over the unparsed bytes as a Buffer (Fastify's type says otherwise). */
function rawText(packet: unknown): string {
  return Buffer.isBuffer(packet) ? packet.toString('latin1') : '';
}

/** Node's limit on the request line and headers together (its default, 16 KiB). */
const HEADER_LIMIT_BYTES = 16 * 1024;

/**
 * Whether a header overflow is the request line's: the bytes start a request (`METHOD /…`) whose first
 * line does not end within the header limit's first half — a request target far too long, not headers.
 */
function targetTooLong(packet: string): boolean {
  if (!/^[A-Z]{1,20} \//.test(packet)) return false;
  const end = packet.indexOf('\r\n');
  return end === -1 || end > HEADER_LIMIT_BYTES / 2;
}

/** Writes a problem+json answer straight to a socket whose request could not be parsed at all. */
function answerUnparsableRequest(error: ConnectionError, socket: Socket): void {
  if (!socket.writable) return;
  const raw = rawText(error.rawPacket);
  const [status, title, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? targetTooLong(raw)
        ? [
            414,
            'URI Too Long',
            'URI_TOO_LONG',
            `the request target is too long: the request line and headers may hold ${HEADER_LIMIT_BYTES} bytes`,
          ]
        : [
            431,
            'Request Header Fields Too Large',
            'HEADERS_TOO_LARGE',
            `the request line and headers are over ${HEADER_LIMIT_BYTES} bytes`,
          ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            'REQUEST_TIMEOUT',
            'the request (its headers or its body) did not arrive in time',
          ]
        : [
            400,
            'Bad Request',
            'MALFORMED_REQUEST',
            'the request could not be parsed as HTTP (unknown method or malformed headers)',
          ];
  // Echo the client's request id when the raw bytes carry a valid one, as for any other request.
  const given = /\r\nx-request-id:[ \t]*([^\r\n]*)\r\n/i.exec(raw)?.[1]?.trim();
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  // The request's path when the bytes say it (a request line of sensible length), as other problems do.
  const target = /^[A-Z]{1,20} (\/[\x21-\x7e]{0,199}) HTTP\/1\.[01]\r\n/.exec(raw)?.[1] ?? '';
  const body = JSON.stringify({
    type: `${PROBLEM_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail,
    instance: target.split('?')[0],
    requestId,
    code,
  });
  // The same edge headers as every other answer (security headers, the API's CSP).
  const edge = SECURITY_HEADERS.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${edge}Content-Security-Policy: ${API_CSP}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Security headers for an API, fixed once: those helmet gives with `contentSecurityPolicy: false` and a
 * cross-origin resource policy (set by hand, so no middleware runs and nothing is computed per request),
 * and a CSP that allows nothing except on /docs, whose UI needs its own scripts and styles (DOCS_CSP).
 */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/**
 * The reference UI's CSP: its scripts, styles and images from the gateway only (it has no inline script;
 * React sets inline styles, and its icons are data: URIs), fetching only from the gateway and the servers
 * the document names ("Try it out"), never framed, no plugins, no <base> or form posts elsewhere.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  ["connect-src 'self'", ...(openApiOptions.openapi?.servers ?? []).map((s) => new URL(s.url).origin)].join(
    ' ',
  ),
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer: security headers and the request id. */
function setEdgeHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const raw = reply.raw;
  for (const [name, value] of SECURITY_HEADERS) raw.setHeader(name, value);
  reply.header('Content-Security-Policy', request.url.startsWith('/docs') ? DOCS_CSP : API_CSP);
  reply.header('X-Request-Id', request.id);
}

/** Limits on slow clients, in milliseconds (Node's own defaults are minutes, or none). */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
}

/**
 * Keep-alive outlives the idle timeout of load balancers and clients (often 60 s): a server that closes an
 * idle connection first races the client reusing it, which then sees ECONNRESET.
 */
const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 72_000 };

/** Builds the HTTP app (no listen), so tests and the OpenAPI export can use it in-process. */
export async function buildHttpApp(options: {
  upstreams: Upstreams;
  log: Logger;
  bodyLimit: number;
  /** Largest image upload (RCR_MEDIA_MAX_BYTES); default 10 MiB. */
  uploadLimit?: number | undefined;
  corsOrigins: string[] | '*';
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES); absent: the header is ignored. */
  trustProxy?: TrustProxy | undefined;
  ready: ReadinessCheck;
  /** Shared state: Idempotency-Key records (memory in embedded mode, Redis in distributed mode). */
  kv: KeyValueStore;
  rateLimits: RateLimits;
  /** Rate-limit counters (shared through Redis by every gateway); absent → counters of this process. */
  rateLimitCounters?: RateLimitCounters | undefined;
  /** Addresses each account logged in from (shared through Redis); absent → this process's, for 30 days. */
  loginAddresses?: LoginAddresses | undefined;
  namespace: string;
  /** How long a client may take to send its headers, its whole request, and between keep-alive requests. */
  timeouts?: HttpTimeouts | undefined;
  /** Load shedding (config SHED_*); absent: none. */
  shedding?: LoadShedding | undefined;
  idempotencyTtlHours: number;
  /** How long an Idempotency-Key stays claimed by a request in flight (a little over the upstream deadline). */
  idempotencyClaimMs?: number | undefined;
  /** The public-read cache; absent when it could not be kept coherent (memory store with a shared bus). */
  responseCache?: ResponseCache | undefined;
  /** The event bus (administration of its dead letters); absent only when building the OpenAPI document. */
  bus?: EventBus | undefined;
  /** Server-Sent Events (GET /v1/events); absent only when building the OpenAPI document. */
  eventStreams?: EventStreams | undefined;
  /** Signs and checks read-your-writes tokens (RCR_CONSISTENCY_KEY). */
  consistencyTokens: ConsistencyTokens;
  /** GraphQL at /graphql (config GRAPHQL_*). */
  graphql?: GraphQLLimits | undefined;
  /** GET /metrics on the API port (METRICS_PUBLIC); absent: not served there. */
  publicMetrics?: boolean | undefined;
}): Promise<{ app: RestApp; verifier: TokenVerifier; graphql: GraphQLEndpoint }> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    bodyLimit: options.bodyLimit,
    // A client trickling its headers or body is answered 408 (see answerUnparsableRequest) and dropped.
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // A request without Host gets a problem+json from installHeaderHygiene, not Node's bare 400.
      requireHostHeader: false,
      // Node checks those deadlines on this period (30 s by default, far past a short headers timeout).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
    },
    // One access-log line per request is written by the onResponse hook below, with our fields.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // Errors raised before routing (bad percent-encoding, an overlong path parameter) are problems too.
    frameworkErrors: (error, request, reply) => {
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      setEdgeHeaders(request, reply);
      return tooLong
        ? sendProblem(request, reply, 414, 'URI_TOO_LONG', 'a path segment is longer than 200 characters')
        : sendProblem(request, reply, 400, 'MALFORMED_URL', 'the URL is not valid (bad percent-encoding?)');
    },
    // Requests Node cannot even parse (unknown method names, broken headers) get a problem+json too.
    clientErrorHandler: answerUnparsableRequest,
    // Every route validates and serialises with zod (set below too): given the compilers up front,
    // Fastify does not load ajv and fast-json-stringify, which it would never use (ADR 0016). The
    // option's types are ajv's, hence the casts.
    schemaController: {
      compilersFactory: {
        buildValidator: () => validatorCompiler as never,
        buildSerializer: () => serializerCompiler as never,
      },
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies are accepted (also as JSON merge patch); anything else, text/plain included, is 415.
  // An empty body is no body, so body-less POSTs work whether or not the client sends a Content-Type.
  // A member named twice in one object is a 400 rather than the last one silently winning.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['text/plain', 'application/json']);
  app.addContentTypeParser(
    ['application/json', 'application/merge-patch+json'],
    { parseAs: 'string' },
    (request, body, done) => {
      if (body === '') return done(null, undefined);
      defaultJson(request, body as string, (err, parsed) => {
        if (err) return done(validJson(body as string) ? forbiddenMember() : err, undefined);
        const repeated = firstDuplicateKey(body as string);
        if (repeated === undefined) return done(null, parsed);
        done(
          errors.invalid(
            'DUPLICATE_JSON_MEMBER',
            `the request body names ${JSON.stringify(repeated.slice(0, 100))} twice in one object`,
          ),
          undefined,
        );
      });
    },
  );

  // One cheap hook for the headers every answer carries (no promise, nothing parsed).
  app.addHook('onRequest', (request, reply, done) => {
    setEdgeHeaders(request, reply);
    done();
  });
  installHttpTracing(app);
  installHttpMetrics(app);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        requestId: request.id,
        // The client's address: the peer's, or the one a trusted proxy forwarded (TRUSTED_PROXIES).
        client: request.ip,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof AppError) {
      // A public read whose upstream is down: its last good answer, marked stale (ADR 0026).
      if (options.responseCache?.answerStale(request, reply, err)) return reply;
      if (err instanceof RetryLaterError) reply.header('Retry-After', err.retryAfterSeconds);
      return sendAppError(request, reply, err);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const context = (err as { validationContext?: string }).validationContext ?? 'request';
      const where = context === 'querystring' ? 'query' : context;
      return sendProblem(
        request,
        reply,
        400,
        'VALIDATION_FAILED',
        `the request ${where} is invalid`,
        fieldErrors(err.validation, where),
      );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, requestId: request.id }, 'response does not match its schema');
      return sendProblem(request, reply, 500, 'INTERNAL', 'an unexpected error occurred');
    }
    const status = (err as { statusCode?: number }).statusCode;
    const code = (err as { code?: string }).code ?? 'ERROR';
    if (status && status >= 400 && status < 500) {
      // Plugins may throw plain objects (the rate limiter's 429 is one, so no Error is built per 429).
      const message = (err as { message?: unknown }).message;
      const [mapped, detail] = CLIENT_ERRORS[code] ?? [
        code.replace(/^FST_ERR_/, ''),
        typeof message === 'string' ? message : 'bad request',
      ];
      return sendProblem(request, reply, status, mapped, detail);
    }
    request.log.error({ err, requestId: request.id }, 'unhandled error');
    return sendProblem(request, reply, 500, 'INTERNAL', 'an unexpected error occurred');
  });

  if (options.shedding) await installLoadShedding(app, options.shedding);
  await app.register(cors, {
    origin: options.corsOrigins === '*' ? true : options.corsOrigins,
    // OPTIONS is answered by the conventions (with Allow), which add the preflight headers.
    preflight: false,
    exposedHeaders: [
      'ETag',
      'Location',
      'X-Request-Id',
      'Retry-After',
      'RateLimit',
      'RateLimit-Policy',
      'RCR-Login-Device',
    ],
  });
  await app.register(swagger, openApiOptions);
  installDocsUi(app);

  const conventions = installConventions(app);
  installHeaderHygiene(app);
  installInputHygiene(app);
  const verifier = new TokenVerifier(options.upstreams, options.log);
  installConsistency(app, {
    upstreams: options.upstreams,
    verifier,
    tokens: options.consistencyTokens,
  });
  await installRateLimits(app, {
    limits: options.rateLimits,
    verifier,
    counters:
      options.rateLimitCounters ??
      new RateLimitCounters({ prefix: '', syncIntervalMs: 1000, log: options.log }),
    loginAddresses:
      options.loginAddresses ?? new LoginAddresses({ prefix: '', ttlMs: 30 * 86_400_000, log: options.log }),
    namespace: options.namespace,
  });
  // Requests no route takes are rate limited too (and so carry the rate-limit headers), counted as they
  // arrive, before any body is parsed, as a route's are. An OPTIONS no route takes arrives through the
  // CORS plugin's catch-all route (`*`, registered before the limiter, so without its hook), which hands
  // it to the not-found handler. A resource's path with a method it lacks is 405 (OPTIONS: its Allow),
  // any other path 404.
  const limitUnrouted = app.rateLimit();
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || request.routeOptions.url === '*') await limitUnrouted.call(app, request, reply);
  });
  app.setNotFoundHandler(
    (request, reply) =>
      conventions.answerUnrouted(request, reply) ??
      sendProblem(
        request,
        reply,
        404,
        'ROUTE_NOT_FOUND',
        `no route ${request.method} ${request.url.split('?')[0]}`,
      ),
  );
  // After the rate limiter, so answers from the cache still count against the client's budget.
  options.responseCache?.install(app);
  installIdempotency(app, {
    kv: options.kv,
    verifier,
    ttlHours: options.idempotencyTtlHours,
    claimMs: options.idempotencyClaimMs,
  });
  const deps: RouteDeps = {
    upstreams: options.upstreams,
    verifier,
    kv: options.kv,
    rateLimits: options.rateLimits,
  };
  // An operation that takes no body refuses one (like an unknown field), instead of silently ignoring it.
  // A list asked for both a page and a cursor is told so, instead of being answered by the cursor alone.
  app.addHook('preValidation', async (request, reply) => {
    // Documented operations only (the conventions' 405 and OPTIONS answers take whatever comes).
    const schema = request.routeOptions.schema as
      { body?: unknown; operationId?: string; querystring?: { shape?: Record<string, unknown> } } | undefined;
    if (!schema?.operationId) return;
    // JSON `null` is a body too (an empty one parses to undefined).
    if (schema.body === undefined && request.body !== undefined) {
      return sendProblem(request, reply, 400, 'VALIDATION_FAILED', 'this operation takes no request body', [
        { field: 'body', message: 'must be empty' },
      ]);
    }
    const query = request.query as Record<string, unknown> | undefined;
    if (schema.querystring?.shape?.cursor && query?.cursor !== undefined && query.page !== undefined) {
      return sendProblem(request, reply, 400, 'VALIDATION_FAILED', 'give either page or cursor, not both', [
        { field: 'page', message: 'cannot be combined with cursor (the cursor says where the page starts)' },
      ]);
    }
  });
  // A protected route answers 401 before its body is parsed or validated: a caller without a valid token
  // learns nothing about the route's schema; nor does an editor calling an admin-only one (403). preParsing
  // runs after every onRequest hook, so the rate limiter (a route-level onRequest hook) has counted the
  // request and set its headers.
  app.addHook('preParsing', async (request) => {
    if (requiresAdmin(request)) return void (await adminOnly(request, deps));
    const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
    if (security && security.length > 0) await authenticated(request, deps);
  });
  // JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset is refused, never misread.
  app.addHook('preParsing', async (request, reply) => {
    const type = request.headers['content-type'];
    if (!type || !/^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(type)) return;
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset))
      return sendProblem(
        request,
        reply,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `JSON bodies are UTF-8: charset=${charset.slice(0, 40)} is not accepted`,
      );
  });
  healthRoutes(app, options.ready, () => options.upstreams.breakerStates());
  if (options.publicMetrics) metricsRoute(app);
  authRoutes(app, deps);
  editorRoutes(app, deps);
  cameraRoutes(app, deps);
  comparisonRoutes(app, deps);
  reviewRoutes(app, deps);
  contentRoutes(app, deps);
  eventRoutes(app, deps, options.eventStreams);
  adminRoutes(app, { ...deps, bus: options.bus });
  partnerKeyRoutes(app, deps);
  auditRoutes(app, deps);
  jobRoutes(app, deps);
  fileRoutes(app, deps);
  await imageRoutes(app, deps, options.uploadLimit ?? 10 * 1024 * 1024);
  webhookEndpointRoutes(app, deps);
  await inboundRoutes(app, deps);
  conventions.finish();
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const graphql = await installGraphQL(app, {
    deps,
    log: options.log,
    limits: options.graphql ?? DEFAULT_GRAPHQL_LIMITS,
    streams: options.eventStreams,
  });
  return { app, verifier, graphql };
}
