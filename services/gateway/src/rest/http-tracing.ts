import type { FastifyRequest } from 'fastify';
import {
  markFailed,
  SpanKind,
  startSpan,
  tracingEnabled,
  withContext,
  type Span,
  type TraceContext,
} from '@rcr/platform';
import type { RestApp } from './app-types.ts';

const spans = new WeakMap<FastifyRequest, { span: Span; context: TraceContext }>();

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * One SERVER span per HTTP request (ADR 0031), continuing the client's `traceparent` when it sent one:
 * Fastify has no OpenTelemetry instrumentation on Node 20, so the span is started here. Its context is
 * made active for the route (the gRPC calls it makes are its children) and for the hooks that follow
 * (the access-log line carries its trace id). Installed only when tracing is on.
 */
export function installHttpTracing(app: RestApp): void {
  if (!tracingEnabled()) return;
  app.addHook('onRequest', (request, _reply, done) => {
    const started = startSpan(request.method, {
      kind: SpanKind.SERVER,
      parent: { traceparent: header(request, 'traceparent'), tracestate: header(request, 'tracestate') },
      attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] ?? '' },
    });
    if (!started) return done();
    spans.set(request, started);
    withContext(started.context, done);
  });
  // Body parsing runs in the socket's context: the route gets the request's again.
  app.addHook('preHandler', (request, _reply, done) => {
    const started = spans.get(request);
    if (started) withContext(started.context, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const started = spans.get(request);
    if (!started) return done();
    const route = request.routeOptions.url;
    const { span } = started;
    if (route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) markFailed(span, new Error(`HTTP ${reply.statusCode}`));
    span.end();
    withContext(started.context, done);
  });
}
