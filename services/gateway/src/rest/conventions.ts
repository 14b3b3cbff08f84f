import http from 'node:http';
import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { sendProblem } from './http.ts';
import { acceptsMediaType, negotiate, toXml, type MediaKind } from './negotiation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The representation negotiated from Accept for this request. */
    mediaKind: MediaKind;
    /** Whether the conventions apply (an API path), decided once per request. */
    apiPath: boolean;
    /** Whether Accept allowed neither JSON nor XML (answered 406 in preValidation). */
    notAcceptable: boolean;
  }
  interface FastifyReply {
    /** Set when If-None-Match matched: the answer is 304 with no body. */
    notModified?: boolean;
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Paths the HTTP conventions (negotiation, ETag, OPTIONS/405) apply to. */
const isApiPath = (url: string) => {
  const path = url.split('?', 1)[0] ?? url;
  return path.startsWith('/v1/') || path === '/healthz' || path === '/readyz';
};

/** A strong ETag from the stable part of a body (request id and timestamp excluded) and its media type. */
export function etagOfBody(body: unknown, kind: MediaKind): string {
  const { meta, ...rest } = (body ?? {}) as { meta?: Record<string, unknown> };
  const stable = meta ? { ...rest, meta: { ...meta, requestId: undefined, timestamp: undefined } } : rest;
  const hash = createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 27);
  return `"${hash}${kind === 'xml' ? '-x' : ''}"`;
}

/**
 * The ETag `etagOfBody` gives `{data, ...rest}` (rest's meta already without request id and timestamp),
 * for a body whose `data` is JSON bytes: hashed as they are, never parsed.
 */
export function etagOfJsonData(data: Buffer, rest: Record<string, unknown>, kind: MediaKind): string {
  const hash = createHash('sha256').update('{"data":').update(data);
  for (const [key, value] of Object.entries(rest))
    hash.update(`,${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `"${hash.update('}').digest('base64url').slice(0, 27)}${kind === 'xml' ? '-x' : ''}"`;
}

/** The ETag of a versioned resource (so `If-Match` maps to an expected version), per media type. */
export function versionEtag(version: number, kind: MediaKind): string {
  return `"v${version}${kind === 'xml' ? '-x' : ''}"`;
}

/** Whether an If-None-Match header matches an ETag (weak comparison, as RFC 9110 requires for it). */
export function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** What the conventions add to an app: `finish()` once every route exists, `answerUnrouted` for the rest. */
export interface Conventions {
  /** Call after every API route is registered: it learns their paths and methods. */
  finish(): void;
  /**
   * For a request no route took: `OPTIONS` (with `Allow`) or 405 (with `Allow`) when its path is a
   * resource's, else undefined (the caller answers 404).
   */
  answerUnrouted(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
}

/**
 * The HTTP conventions of API.md that apply to every route, in one place: content negotiation (JSON or
 * XML, 406 otherwise), strong ETags and 304 on reads, `Vary`, a default `Cache-Control`, `OPTIONS` with
 * `Allow`, and 405 with `Allow` for a method a resource lacks.
 */
export function installConventions(app: RestApp): Conventions {
  const routes = new Map<string, Set<string>>();
  // The API's paths, each with its Allow header: one lookup answers OPTIONS and 405 for a request no route
  // took, where a route per path and method (some 2 000 of them, every method Node parses on each path)
  // cost the gateway's start ~80 ms and their memory for as long as it ran. Same router, same options.
  let resources: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined;
  // Every method Node parses gets an answer: the ones a resource lacks are 405 with Allow, not 404.
  // (CONNECT never reaches request handlers in Node.)
  for (const method of http.METHODS) {
    if (method !== 'CONNECT' && !app.supportedMethods.includes(method))
      app.addHttpMethod(method, { hasBody: true });
  }
  app.decorateRequest('mediaKind', 'json');
  app.decorateRequest('apiPath', false);
  app.decorateRequest('notAcceptable', false);

  app.addHook('onRoute', (route) => {
    if (resources || !isApiPath(route.url)) return;
    const methods = routes.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    routes.set(route.url, methods);
  });

  // The representation is chosen at once (errors from any later step use it); an unacceptable Accept is
  // refused in preValidation, after the route's rate limit has counted the request.
  // The path and the Accept header are looked at once; the later hooks read the flags.
  app.addHook('onRequest', (request, _reply, done) => {
    if (isApiPath(request.url)) {
      request.apiPath = true;
      const kind = negotiate(request.headers.accept);
      request.mediaKind = kind ?? 'json';
      request.notAcceptable = kind === null;
    }
    done();
  });
  app.addHook('preValidation', async (request, reply) => {
    // An event stream is text/event-stream or nothing: a client that accepts only JSON is told so.
    if (
      request.routeOptions.config.eventStream &&
      !acceptsMediaType(request.headers.accept, 'text/event-stream')
    ) {
      return sendProblem(request, reply, 406, 'NOT_ACCEPTABLE', 'this resource is a text/event-stream');
    }
    const ownType = request.routeOptions.config.eventStream || request.routeOptions.config.fileDownload;
    if (request.notAcceptable && !ownType) {
      return sendProblem(
        request,
        reply,
        406,
        'NOT_ACCEPTABLE',
        'this API produces application/json or application/xml',
      );
    }
  });

  app.addHook('preSerialization', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      reply.statusCode !== 200 ||
      !request.apiPath
    )
      return payload;
    let etag = reply.getHeader('etag') as string | undefined;
    if (!etag) {
      etag = etagOfBody(payload, request.mediaKind);
      reply.header('ETag', etag);
    }
    if (matchesNoneMatch(request.headers['if-none-match'], etag)) {
      reply.notModified = true;
      reply.code(304);
    }
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.apiPath) return payload;
    reply.header('Vary', 'Accept, Accept-Encoding, Origin');
    if (!reply.hasHeader('cache-control')) {
      reply.header(
        'Cache-Control',
        request.headers.authorization || request.method !== 'GET' ? 'private, no-store' : 'no-cache',
      );
    }
    if (reply.notModified) {
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    const type = String(reply.getHeader('content-type') ?? '');
    // JSON bodies come serialised (strings) or as bytes passed through from upstream (Buffers).
    const json = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : undefined;
    if (request.mediaKind === 'xml' && json !== undefined && json.length > 0) {
      const problem = type.startsWith('application/problem+json');
      if (problem || type.startsWith('application/json')) {
        reply.header(
          'content-type',
          problem ? 'application/problem+xml; charset=utf-8' : 'application/xml; charset=utf-8',
        );
        return toXml(JSON.parse(json.toString()), problem);
      }
    }
    return payload;
  });

  return {
    finish() {
      const { routerOptions } = app.initialConfig as {
        routerOptions?: FindMyWay.Config<FindMyWay.HTTPVersion.V1>;
      };
      resources = FindMyWay({
        ignoreTrailingSlash: routerOptions?.ignoreTrailingSlash ?? false,
        ignoreDuplicateSlashes: routerOptions?.ignoreDuplicateSlashes ?? false,
        maxParamLength: routerOptions?.maxParamLength ?? 100,
        caseSensitive: app.initialConfig.caseSensitive ?? true,
      });
      for (const [url, methods] of routes) {
        const allowed = METHODS.filter(
          (m) => methods.has(m) || m === 'OPTIONS' || (m === 'HEAD' && methods.has('GET')),
        );
        resources.on('GET', url, () => undefined, { allow: allowed.join(', '), methods: allowed });
      }
    },
    answerUnrouted(request, reply) {
      const found = resources?.find('GET', request.url);
      if (!found) return undefined;
      const { allow, methods } = found.store as { allow: string; methods: readonly string[] };
      // A method the resource has that still reached here (a path its route refused) is a plain 404.
      if (request.method === 'OPTIONS') return answerOptions(request, reply, allow);
      if (methods.includes(request.method)) return undefined;
      reply.header('Allow', allow);
      return sendProblem(
        request,
        reply,
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed here; use ${allow}`,
      );
    },
  };
}

/**
 * An OPTIONS answer: `Allow`, and for a browser's CORS preflight from an allowed origin (the CORS plugin
 * set Access-Control-Allow-Origin) the methods, the headers it asked for, and how long to remember them.
 */
export function answerOptions(request: FastifyRequest, reply: FastifyReply, allow: string) {
  reply.header('Allow', allow);
  if (
    request.headers.origin &&
    request.headers['access-control-request-method'] &&
    reply.hasHeader('access-control-allow-origin')
  ) {
    reply.header('Access-Control-Allow-Methods', allow);
    const requested = request.headers['access-control-request-headers'];
    if (requested) reply.header('Access-Control-Allow-Headers', requested);
    reply.header('Access-Control-Max-Age', '600');
  }
  return reply.code(204).send();
}
