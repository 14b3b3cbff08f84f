import type * as otel from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';

export type { Span, Context as TraceContext } from '@opentelemetry/api';
type Attributes = otel.Attributes;
type Context = otel.Context;
type Span = otel.Span;

/** OpenTelemetry's span kinds (the same numbers as its `SpanKind`; the API is loaded only with tracing on). */
export const SpanKind = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];
/** `SpanStatusCode.ERROR`. */
const STATUS_ERROR = 2;

/**
 * Tracing settings (README configuration table). Tracing is off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is
 * set: then spans go by OTLP over HTTP to `<endpoint>/v1/traces`, and the SDK is loaded only then.
 */
export const tracingConfigShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://collector:4318' })
    .optional(),
  /** Fraction of new traces recorded (a request that arrives with a sampled traceparent is always kept). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
};

export interface TracingConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER_ARG: number;
}

/** The W3C trace context as it travels in gRPC metadata, bus message headers and the event envelope. */
export interface TraceCarrier {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

/** A process's share of the tracer provider; `stop()` flushes and shuts it down once the last share stops. */
export interface Tracing {
  readonly enabled: boolean;
  stop(): Promise<void>;
}

const TRACER = 'rcr';
const OFF: Tracing = { enabled: false, stop: async () => undefined };

let provider: { shutdown(): Promise<void> } | undefined;
/** The OpenTelemetry API, loaded with the provider (~35 ms of start-up a process without tracing saves). */
let api: typeof otel | undefined;
let starting: Promise<void> | undefined;
let shares = 0;

/** Whether spans are recorded in this process (a provider was started); every helper is a no-op otherwise. */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/**
 * Starts tracing for this process once, shared by every service it runs (the embedded system runs them
 * all in one): each call takes a share, the provider is flushed and shut down when the last share stops.
 * With `exporter` (tests: an InMemorySpanExporter) spans are exported synchronously to it; else to OTLP
 * when configured; else tracing stays off and nothing of the SDK is loaded (start-up cost, ADR 0016).
 */
export async function startTracing(
  config: Partial<TracingConfig>,
  service: string,
  options: { exporter?: SpanExporter } = {},
): Promise<Tracing> {
  if (!provider && !starting) {
    if (!options.exporter && !config.OTEL_EXPORTER_OTLP_ENDPOINT) return OFF;
    starting = loadProvider(config, service, options.exporter).finally(() => (starting = undefined));
  }
  await starting;
  shares += 1;
  let stopped = false;
  return {
    enabled: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      shares -= 1;
      if (shares > 0 || !provider) return;
      const current = provider;
      const loaded = api as typeof otel;
      provider = undefined;
      await current.shutdown();
      loaded.trace.disable();
      loaded.context.disable();
      loaded.propagation.disable();
    },
  };
}

async function loadProvider(config: Partial<TracingConfig>, service: string, exporter?: SpanExporter) {
  const [otelApi, node, base, resources] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  let spanProcessor;
  if (exporter) spanProcessor = new base.SimpleSpanProcessor(exporter);
  else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const endpoint = (config.OTEL_EXPORTER_OTLP_ENDPOINT as string).replace(/\/+$/, '');
    spanProcessor = new base.BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }));
  }
  const created = new node.NodeTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': `rcr-${service}` }),
    sampler: new base.ParentBasedSampler({
      root: new base.TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG ?? 1),
    }),
    spanProcessors: [spanProcessor],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  created.register();
  api = otelApi;
  provider = created;
}

/** The trace context of `ctx` (default: the active one) as a carrier; empty when tracing is off. */
export function carrierOf(ctx?: Context): TraceCarrier {
  const carrier: TraceCarrier = {};
  if (provider && api) api.propagation.inject(ctx ?? api.context.active(), carrier);
  return carrier;
}

/** The `traceparent` of the active span, when tracing is on and a span is active. */
export function activeTraceparent(): string | undefined {
  return provider && api?.trace.getActiveSpan() ? carrierOf().traceparent : undefined;
}

/** The context a carrier continues (the root context when it carries none). */
function contextOf(loaded: typeof otel, carrier: TraceCarrier): Context {
  if (!carrier.traceparent) return loaded.ROOT_CONTEXT;
  return loaded.propagation.extract(loaded.ROOT_CONTEXT, carrier);
}

/** How `traced` starts a span. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /**
   * The parent: a context, or a carrier (gRPC metadata, message headers, an event's envelope). Default:
   * the active context.
   */
  parent?: Context | TraceCarrier | undefined;
  /** Start no span (run `fn` as is) unless the parent holds one: bookkeeping never starts a trace. */
  onlyInTrace?: boolean;
}

/**
 * Runs `fn` in a new span, active for everything `fn` does (its awaits included), ended when `fn` settles;
 * a throw marks the span as an error and is rethrown. When tracing is off, only `fn` runs.
 */
export function traced<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span | undefined) => Promise<T> | T,
): Promise<T> {
  const started = startSpan(name, options);
  if (!started) return Promise.resolve().then(() => fn(undefined));
  const { span } = started;
  return (api as typeof otel).context.with(started.context, async () => {
    try {
      return await fn(span);
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Marks a span as failed with an error's message. */
export function markFailed(span: Span | undefined, err: unknown): void {
  if (!span) return;
  span.setStatus({ code: STATUS_ERROR, message: err instanceof Error ? err.message : String(err) });
}

function isCarrier(value: Context | TraceCarrier): value is TraceCarrier {
  return typeof (value as Context).getValue !== 'function';
}

/** Fields a log line written inside a span carries (the pino mixin of `createLogger`). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  if (!provider) return {};
  const span = api?.trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Starts a span (as `traced` does) that the caller ends later, e.g. a request whose end another hook
 * sees; undefined when tracing is off, or with `onlyInTrace` and no trace to continue.
 */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } | undefined {
  if (!provider || !api) return undefined;
  const parent =
    options.parent === undefined
      ? api.context.active()
      : isCarrier(options.parent)
        ? contextOf(api, options.parent)
        : options.parent;
  if (options.onlyInTrace && api.trace.getSpanContext(parent) === undefined) return undefined;
  const kind = (options.kind ?? SpanKind.INTERNAL) as otel.SpanKind;
  const span = api.trace.getTracer(TRACER).startSpan(name, { kind, attributes: options.attributes }, parent);
  return { span, context: api.trace.setSpan(parent, span) };
}

/** Runs `fn` with `ctx` active (the gateway's request hooks). */
export function withContext<T>(ctx: Context, fn: () => T): T {
  return api ? api.context.with(ctx, fn) : fn();
}

/**
 * `emitter`, with every listener added to it from now on run in `ctx` (a served stream's `data` events
 * arrive in its connection's context, not the call's). `emitter` as is when tracing is off.
 */
export function bindEmitterToContext<E extends NodeJS.EventEmitter>(ctx: Context, emitter: E): E {
  return api && provider ? api.context.bind(ctx, emitter) : emitter;
}

/**
 * `fn`, bound to the context active now: it runs in it wherever it is called from (work a queue runs
 * later from another caller's continuation, e.g. a bulkhead's). `fn` itself when tracing is off.
 */
export function bindToActiveContext<F extends (...args: never[]) => unknown>(fn: F): F {
  return api && provider ? api.context.bind(api.context.active(), fn) : fn;
}
