import { counter, histogram, type BoundCounter, type BoundHistogram } from '@rcr/platform';
import type { RestApp } from './app-types.ts';

const requests = counter(
  'rcr_http_requests_total',
  'HTTP requests the gateway answered, by route template, method and status class (2xx, 4xx, 5xx, …)',
  ['route', 'method', 'status_class'],
);
const seconds = histogram(
  'rcr_http_request_duration_seconds',
  'Time from receiving an HTTP request to finishing its answer, by route template and method',
  ['route', 'method'],
);

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** One route and method's children, bound once: a request costs a WeakMap and an array lookup. */
interface RouteMetrics {
  byClass: BoundCounter[];
  seconds: BoundHistogram;
}

/** The label of a request that matched no route (raw URLs would explode the label set). */
const UNMATCHED = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The key of requests whose route has no config object. */
const NO_CONFIG = {};

/**
 * Counts every answer (also errors and 404s) by its route template (`/v1/cameras/:id`, never the raw URL),
 * method and status class, and observes its duration (ADR 0027).
 */
export function installHttpMetrics(app: RestApp): void {
  // Keyed by the route's config object: one per route, so nothing is built per request.
  const byRoute = new WeakMap<object, Map<string, RouteMetrics>>();
  const bind = (route: string, method: string): RouteMetrics => ({
    byClass: STATUS_CLASSES.map((status_class) => requests.with({ route, method, status_class })),
    seconds: seconds.with({ route, method }),
  });
  app.addHook('onResponse', (request, reply, done) => {
    const options = request.routeOptions;
    const key = (options.config as object | undefined) ?? NO_CONFIG;
    let methods = byRoute.get(key);
    if (!methods) {
      methods = new Map();
      byRoute.set(key, methods);
    }
    // Any method name reaches the not-found route: those outside the standard set share one label.
    const method = METHODS.has(request.method) ? request.method : 'other';
    let metrics = methods.get(method);
    if (!metrics) {
      metrics = bind(options.url ?? UNMATCHED, method);
      methods.set(method, metrics);
    }
    const index = Math.floor(reply.statusCode / 100) - 1;
    metrics.byClass[index >= 0 && index < 5 ? index : 4]?.inc();
    metrics.seconds.observe(reply.elapsedTime / 1000);
    done();
  });
}
