import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, service as healthService, type ServingStatus } from 'grpc-health-check';
import { actingFor } from './acting-for.ts';
import { AppError, errors, grpcStatusOf, isErrorKind, kindOfGrpcStatus } from './errors.ts';
import type { InternalTokenSigner, InternalTokenVerifier } from './internal-auth.ts';
import type { Logger } from './logger.ts';
import { counter, histogram, type BoundCounter, type BoundHistogram } from './metrics.ts';
import {
  activeTraceparent,
  bindEmitterToContext,
  carrierOf,
  markFailed,
  SpanKind,
  startSpan,
  traced,
  tracingEnabled,
  withContext,
  type Span,
  type TraceContext,
} from './tracing.ts';

/** A side's gRPC metrics: calls by peer, method and status code, and their durations by peer and method. */
function callFamilies<P extends 'service' | 'upstream'>(side: 'server' | 'client', peer: P, calls: string) {
  return {
    handled: counter(`rcr_grpc_${side}_handled_total`, `${calls}, by ${peer}, method and status code`, [
      peer,
      'method',
      'code',
    ]),
    seconds: histogram(
      `rcr_grpc_${side}_handling_seconds`,
      `Duration of ${calls} (streams: until the last message)`,
      [peer, 'method'],
    ),
  };
}

const served = callFamilies('server', 'service', 'gRPC calls a service answered');
const called = callFamilies('client', 'upstream', 'gRPC calls made to an upstream service');

/** Status names by code (`OK`, `NOT_FOUND`, …), the `code` label of the gRPC metrics. */
const STATUS_NAMES: string[] = [];
for (const [name, code] of Object.entries(grpc.status))
  if (typeof code === 'number') STATUS_NAMES[code] = name;

/** The metric children of one method, bound once: a call costs an array lookup, not a label hash. */
class CallMetrics<P extends 'service' | 'upstream'> {
  readonly #byCode: BoundCounter[] = [];
  readonly #seconds: BoundHistogram;

  constructor(
    private readonly families: ReturnType<typeof callFamilies<P>>,
    private readonly labels: Record<P | 'method', string>,
  ) {
    this.#seconds = families.seconds.with(labels);
  }

  /** Counts one finished call (its status code) and its duration since `startedAt` (performance.now()). */
  done(code: number, startedAt: number): void {
    let bound = this.#byCode[code];
    if (!bound) {
      bound = this.families.handled.with({ ...this.labels, code: STATUS_NAMES[code] ?? String(code) });
      this.#byCode[code] = bound;
    }
    bound.inc();
    this.#seconds.observeSince(startedAt);
  }
}

/** `/pkg.Service/Method` → its service and method names. */
function partsOfPath(path: string): { service: string; method: string } {
  const slash = path.lastIndexOf('/');
  return { service: path.slice(1, slash), method: path.slice(slash + 1) };
}

const clientMetrics = new WeakMap<object, CallMetrics<'upstream'>>();

/** The client-side metrics of a generated client method (which carries its `path`). */
function clientMetricsOf(method: object): CallMetrics<'upstream'> {
  let metrics = clientMetrics.get(method);
  if (!metrics) {
    const { service, method: name } = partsOfPath((method as { path?: string }).path ?? '/unknown/unknown');
    metrics = new CallMetrics(called, { upstream: service, method: name });
    clientMetrics.set(method, metrics);
  }
  return metrics;
}

/** Who is calling, as the gateway verified it and vouched for it in the call's internal token. */
export interface Actor {
  id: string;
  role: 'admin' | 'editor';
  /** The session (refresh-token family) of the caller's access token, when known. */
  sid?: string | undefined;
}

/** What a handler knows about its call besides the request message. */
export interface CallContext {
  actor: Actor | undefined;
  /** The caller's Idempotency-Key (hashed) and request fingerprint, when the write carried one. */
  idempotency?: IdempotencyKey | undefined;
  requestId: string | undefined;
  traceparent: string | undefined;
}

/**
 * A service's handlers: one async function per unary rpc, returning the response message or throwing
 * AppError; a server-streaming rpc returns an async iterable of its messages (its first failure ends the
 * stream with that error's status); a client-streaming rpc reads the caller's messages from an async
 * iterable (pulled as the handler goes, so a slow handler slows the sender) and returns the response.
 */
export type UnaryHandlers<S> = {
  // `string extends K` drops the index signature inherited from UntypedServiceImplementation.
  [K in keyof S as string extends K ? never : K]: S[K] extends grpc.handleClientStreamingCall<
    infer Req,
    infer Res
  >
    ? (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>
    : S[K] extends grpc.handleUnaryCall<infer Req, infer Res>
      ? (request: Req, ctx: CallContext) => Promise<Res>
      : S[K] extends grpc.handleServerStreamingCall<infer Req, infer Res>
        ? (request: Req, ctx: CallContext) => AsyncIterable<Res>
        : never;
};

function metadataValue(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value.length > 0 && value.length <= 4096 ? value : undefined;
}

/**
 * The context of a call: the actor comes only from the gateway's signed internal token (metadata
 * `authorization: Bearer …`); a call without a valid one is refused before any handler runs.
 */
async function contextOf(metadata: grpc.Metadata, verifier: InternalTokenVerifier): Promise<CallContext> {
  const bearer = /^Bearer (\S+)$/.exec(metadataValue(metadata, 'authorization') ?? '')?.[1];
  const { actor } = await verifier.verify(bearer);
  const key = metadataValue(metadata, 'x-idempotency-key');
  const fingerprint = metadataValue(metadata, 'x-idempotency-fingerprint');
  return {
    actor,
    ...(key && fingerprint ? { idempotency: { key, fingerprint } } : {}),
    requestId: metadataValue(metadata, 'x-request-id'),
    // The call's server span when tracing is on, so what the handler records continues the trace.
    traceparent: activeTraceparent() ?? metadataValue(metadata, 'traceparent'),
  };
}

/** AppError → gRPC status with code and field errors in trailing metadata; anything else → INTERNAL, logged. */
function toServiceError(
  err: unknown,
  log: Logger,
  method: string,
  ctx: CallContext,
): Partial<grpc.ServiceError> {
  const metadata = new grpc.Metadata();
  if (err instanceof AppError) {
    metadata.set('x-error-code', err.code);
    metadata.set('x-error-kind', err.kind);
    // A `-bin` key carries bytes: field messages may hold non-ASCII text, which plain metadata rejects.
    if (err.fields.length > 0) metadata.set('x-error-fields-bin', Buffer.from(JSON.stringify(err.fields)));
    if (err.kind === 'internal' || err.kind === 'unavailable') {
      log.warn({ method, requestId: ctx.requestId, code: err.code }, err.message);
    }
    return { code: grpcStatusOf(err.kind), details: err.message, metadata };
  }
  log.error({ err, method, requestId: ctx.requestId }, 'unhandled error in gRPC handler');
  metadata.set('x-error-code', 'INTERNAL');
  return { code: grpc.status.INTERNAL, details: 'internal error', metadata };
}

/** Registers async handlers for a service definition, authenticating every call and mapping errors in one place. */
export function addUnaryService<S extends grpc.UntypedServiceImplementation>(
  server: Pick<grpc.Server, 'addService'>,
  definition: grpc.ServiceDefinition,
  handlers: UnaryHandlers<S>,
  log: Logger,
  verifier: InternalTokenVerifier,
): void {
  const impl: grpc.UntypedServiceImplementation = {};
  const service = serviceNameOf(definition);
  for (const [method, handler] of Object.entries(handlers) as [
    string,
    (r: unknown, c: CallContext) => Promise<unknown>,
  ][]) {
    const metrics = new CallMetrics(served, { service, method });
    if (definition[method]?.responseStream) {
      impl[method] = serverStreamOf(
        method,
        handler as unknown as (r: unknown, c: CallContext) => AsyncIterable<unknown>,
        log,
        verifier,
        metrics,
        `/${service}/${method}`,
      );
      continue;
    }
    // A client-streaming call hands the handler its stream of messages instead of one request.
    const streamed = definition[method]?.requestStream === true;
    const requestOf = (call: grpc.ServerUnaryCall<unknown, unknown>): unknown =>
      streamed ? messagesOf(call as unknown as grpc.ServerReadableStream<unknown, unknown>) : call.request;
    const attributes = rpcAttributes(`/${service}/${method}`);
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const startedAt = performance.now();
      let ctx: CallContext = { actor: undefined, requestId: undefined, traceparent: undefined };
      // The handler runs in a server span continuing the caller's trace (its metadata's traceparent).
      const serve = (span: Span | undefined) =>
        contextOf(call.metadata, verifier)
          .then((verified) => {
            ctx = verified;
            // The events this call emits through an outbox record whom it was made for.
            const actor = verified.actor ? { id: verified.actor.id, role: verified.actor.role } : null;
            return actingFor(actor, () => handler(requestOf(call), verified));
          })
          .then(
            (response) => {
              metrics.done(grpc.status.OK, startedAt);
              span?.setAttribute('rpc.grpc.status_code', grpc.status.OK);
              callback(null, response);
            },
            (err: unknown) => {
              let reply: Partial<grpc.ServiceError>;
              try {
                reply = toServiceError(err, log, method, ctx);
              } catch (mappingError) {
                // Never leave a call unanswered: the client would wait for its whole deadline.
                log.error({ err: mappingError, method }, 'could not map a handler error');
                reply = { code: grpc.status.INTERNAL, details: 'internal error' };
              }
              metrics.done(reply.code ?? grpc.status.UNKNOWN, startedAt);
              span?.setAttribute('rpc.grpc.status_code', reply.code ?? grpc.status.UNKNOWN);
              if (reply.code === grpc.status.INTERNAL || reply.code === grpc.status.UNAVAILABLE)
                markFailed(span, err);
              callback(reply as grpc.ServiceError);
            },
          );
      if (!tracingEnabled()) void serve(undefined);
      else
        void traced(
          `${service}/${method}`,
          { kind: SpanKind.SERVER, attributes, parent: carrierOfMetadata(call.metadata) },
          serve,
        );
    };
  }
  server.addService(definition, impl);
}

/** Resolves when a stream's full buffer drains, or when it ends otherwise (`stopEvent`, or `stopped`). */
function drained(
  stream: { once(event: string, fn: () => void): unknown; off(event: string, fn: () => void): unknown },
  stopEvent: string,
  stopped?: Promise<unknown>,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off(stopEvent, done);
      resolve();
    };
    stream.once('drain', done);
    stream.once(stopEvent, done);
    void stopped?.then(done, done);
  });
}

/**
 * The messages of a client-streaming call. A caller that cancels (it gave up half-way) ends them with an
 * error, never as if it had sent everything: a handler never mistakes part of an upload for the whole.
 */
async function* messagesOf(call: grpc.ServerReadableStream<unknown, unknown>): AsyncGenerator<unknown> {
  const cancelled = () => new AppError('timeout', 'CANCELLED', 'the caller cancelled the call');
  try {
    for await (const message of call) yield message;
  } catch (err) {
    throw call.cancelled ? cancelled() : err;
  }
  if (call.cancelled) throw cancelled();
}

/**
 * A server-streaming rpc: authenticates like a unary one, then writes each message the handler yields,
 * waiting while the client's buffer is full; the client going away stops the handler's iterator.
 */
function serverStreamOf(
  method: string,
  handler: (request: unknown, ctx: CallContext) => AsyncIterable<unknown>,
  log: Logger,
  verifier: InternalTokenVerifier,
  metrics: CallMetrics<'service'>,
  path: string,
): grpc.handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const startedAt = performance.now();
    // The stream runs in a server span continuing the caller's trace, ended with its status.
    const span = startServedCallSpan(path, call.metadata);
    const finish = (code: grpc.status, err?: unknown) => {
      metrics.done(code, startedAt);
      span.end(code, err);
    };
    let ctx: CallContext = { actor: undefined, requestId: undefined, traceparent: undefined };
    const run = async () => {
      ctx = await contextOf(call.metadata, verifier);
      for await (const message of handler(call.request, ctx)) {
        if (call.cancelled) return;
        if (!call.write(message)) await drained(call, 'cancelled');
      }
      if (call.cancelled) finish(grpc.status.CANCELLED);
      else {
        finish(grpc.status.OK);
        call.end();
      }
    };
    span.run(run).catch((err: unknown) => {
      if (call.cancelled) {
        finish(grpc.status.CANCELLED);
        return;
      }
      let reply: Partial<grpc.ServiceError>;
      try {
        reply = toServiceError(err, log, method, ctx);
      } catch {
        reply = { code: grpc.status.INTERNAL, details: 'internal error' };
      }
      finish(reply.code ?? grpc.status.UNKNOWN, err);
      call.emit('error', reply);
    });
  };
}

/** A served call's SERVER span, as `startServedCallSpan` gives it. */
export interface ServedCallSpan {
  /** Runs `fn` with the span active (its awaits included). */
  run<T>(fn: () => T): T;
  /** Ends the span (once) with the call's status; a server fault marks it failed with `err`. */
  end(code: grpc.status, err?: unknown): void;
}

const UNTRACED_CALL: ServedCallSpan = { run: (fn) => fn(), end: () => undefined };

/** Statuses that mean the server failed the call (OpenTelemetry's RPC conventions mark those spans failed). */
const SERVER_FAULTS = new Set<grpc.status>([
  grpc.status.UNKNOWN,
  grpc.status.INTERNAL,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

/**
 * Starts the SERVER span of a served call `/pkg.Service/Method`, continuing the caller's trace from its
 * metadata (`traceparent`), for handlers that answer the call themselves (streams, the partner API).
 * With `emitter` (the call, when it streams requests) its listeners run in the span too. A no-op when
 * tracing is off.
 */
export function startServedCallSpan(
  path: string,
  metadata: grpc.Metadata,
  emitter?: NodeJS.EventEmitter,
): ServedCallSpan {
  if (!tracingEnabled()) return UNTRACED_CALL;
  const started = startSpan(path.slice(1), {
    kind: SpanKind.SERVER,
    attributes: rpcAttributes(path),
    parent: carrierOfMetadata(metadata),
  });
  if (!started) return UNTRACED_CALL;
  const { span, context } = started;
  if (emitter) bindEmitterToContext(context, emitter);
  let ended = false;
  return {
    run: (fn) => withContext(context, fn),
    end(code, err) {
      if (ended) return;
      ended = true;
      span.setAttribute('rpc.grpc.status_code', code);
      if (SERVER_FAULTS.has(code)) markFailed(span, err ?? grpc.status[code]);
      span.end();
    },
  };
}

/**
 * A service implementation whose every call runs in a SERVER span (`startServedCallSpan`), ended when the
 * call is answered: for handlers written against grpc-js directly (the gateway's partner API), which
 * `addUnaryService` does not wrap. The status a streaming response ends with is the one it emits.
 */
export function withServerSpans(
  definition: grpc.ServiceDefinition,
  implementation: grpc.UntypedServiceImplementation,
): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    const spec = definition[method];
    const path = spec?.path ?? `/${serviceNameOf(definition)}/${method}`;
    const streamsRequests = spec?.requestStream === true;
    if (spec?.responseStream) {
      wrapped[method] = ((call: grpc.ServerWritableStream<unknown, unknown>) => {
        const span = startServedCallSpan(path, call.metadata, streamsRequests ? call : undefined);
        if (span !== UNTRACED_CALL) {
          call.once('finish', () => span.end(grpc.status.OK));
          call.once('cancelled', () => span.end(grpc.status.CANCELLED));
          call.on('error', (err: Partial<grpc.ServiceError>) =>
            span.end(err.code ?? grpc.status.UNKNOWN, err),
          );
        }
        span.run(() => (handler as (call: unknown) => void)(call));
      }) as grpc.UntypedHandleCall;
      continue;
    }
    wrapped[method] = ((
      call: grpc.ServerUnaryCall<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      const span = startServedCallSpan(path, call.metadata, streamsRequests ? call : undefined);
      span.run(() =>
        (handler as grpc.handleUnaryCall<unknown, unknown>)(call, (err, ...rest) => {
          span.end(err ? (err.code ?? grpc.status.UNKNOWN) : grpc.status.OK, err);
          callback(err, ...rest);
        }),
      );
    }) as grpc.UntypedHandleCall;
  }
  return wrapped;
}

/**
 * A gRPC server with the standard health service (grpc.health.v1) and server reflection (grpc.reflection
 * v1 and v1alpha, what grpcurl and Postman ask), describing exactly the services added with `addService`;
 * `listen` binds and returns the actual port.
 */
export class GrpcServer {
  readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  /** Every service this server answers, as reflection describes it. */
  readonly #described: grpc.ServiceDefinition[] = [healthService];
  #reflecting = false;

  constructor(private readonly serviceNames: string[]) {
    this.health.addToServer(this.server);
  }

  /** Adds a service; reflection describes it too. */
  addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
    this.server.addService(definition, implementation);
    this.#described.push(definition);
  }

  /**
   * Adds the reflection services once every other service is known. Building the reflection index
   * (decoding the descriptors of every file) cost ~35 ms per server at start-up, for a service few
   * clients ever call: it is built on the first reflection call, and the methods registered now hand
   * their calls to it.
   */
  #addReflection(): void {
    if (this.#reflecting) return;
    this.#reflecting = true;
    let built: Map<string, grpc.UntypedServiceImplementation> | undefined;
    const implementationOf = (service: string): grpc.UntypedServiceImplementation => {
      if (!built) {
        const index = new Map<string, grpc.UntypedServiceImplementation>();
        const described = [...this.#described, ...reflectionServiceDefinitions()];
        new ReflectionService(packageDefinitionOf(described), {
          services: described.map(serviceNameOf),
        }).addToServer({
          addService: (definition, implementation) => index.set(serviceNameOf(definition), implementation),
        });
        built = index;
      }
      return built.get(service) ?? {};
    };
    for (const definition of reflectionStandIns()) {
      const service = serviceNameOf(definition);
      const lazy: grpc.UntypedServiceImplementation = {};
      for (const method of Object.keys(definition)) {
        lazy[method] = ((call: grpc.ServerDuplexStream<unknown, unknown>) =>
          (implementationOf(service)[method] as grpc.handleBidiStreamingCall<unknown, unknown>)(
            call,
          )) as grpc.UntypedHandleCall;
      }
      this.server.addService(definition, lazy);
    }
  }

  /** Binds (port 0 picks a free one) and returns the bound port; TLS (and mTLS with a CA) when configured. */
  listen(host: string, port: number, tls?: GrpcTls): Promise<number> {
    this.#addReflection();
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, serverCredentials(tls), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
  }

  /** Sets the serving status of the whole server and each named service. */
  setServing(serving: boolean): void {
    const status: ServingStatus = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }

  /** Stops accepting calls, lets running ones finish for up to `graceMs`, then cancels the rest. */
  async close(graceMs = 2000): Promise<void> {
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

type ReflectedPackage = ConstructorParameters<typeof ReflectionService>[0];

/** `pkg.Service` of a service definition (each method's path is `/pkg.Service/Method`). */
function serviceNameOf(definition: grpc.ServiceDefinition): string {
  const path = Object.values(definition)[0]?.path ?? '';
  return path.slice(1, path.lastIndexOf('/'));
}

/**
 * The proto files behind some service definitions, in the shape reflection reads: proto-loader gives
 * every message type the encoded descriptors of its file and the files it imports.
 */
function packageDefinitionOf(definitions: grpc.ServiceDefinition[]): ReflectedPackage {
  const files: ReflectedPackage = {};
  for (const definition of definitions) {
    for (const [name, method] of Object.entries(definition)) {
      // proto-loader's method definitions carry their message types; grpc-js's type does not say so.
      const { requestType, responseType } = method as unknown as Record<
        'requestType' | 'responseType',
        ReflectedPackage[string] | undefined
      >;
      const prefix = `${serviceNameOf(definition)}.${name}`;
      if (requestType) files[`${prefix}:request`] = requestType;
      if (responseType) files[`${prefix}:response`] = responseType;
    }
  }
  return files;
}

let reflectionDefinitions: grpc.ServiceDefinition[] | undefined;

/** The reflection services (v1 and v1alpha, as @grpc/reflection serves them), one method each. */
export const REFLECTION_SERVICES = [
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
] as const;

/**
 * Stand-ins for the reflection services' definitions, registered at listen without loading the protos of
 * @grpc/reflection (descriptor.proto and the two reflection protos, parsed when it adds itself: ~40 ms once
 * per process, ADR 0034): same paths and streaming, and serializers that load the real definitions on the
 * first reflection call and use theirs.
 */
export function reflectionStandIns(): grpc.ServiceDefinition[] {
  return REFLECTION_SERVICES.map((service) => {
    const real = () => {
      const found = reflectionServiceDefinitions().find((d) => serviceNameOf(d) === service)?.[
        'ServerReflectionInfo'
      ];
      if (!found) throw new Error(`@grpc/reflection serves no ${service}/ServerReflectionInfo`);
      return found;
    };
    const method: grpc.MethodDefinition<unknown, unknown> = {
      path: `/${service}/ServerReflectionInfo`,
      requestStream: true,
      responseStream: true,
      originalName: 'serverReflectionInfo',
      requestSerialize: (value) => real().requestSerialize(value),
      requestDeserialize: (bytes) => real().requestDeserialize(bytes),
      responseSerialize: (value) => real().responseSerialize(value),
      responseDeserialize: (bytes) => real().responseDeserialize(bytes),
    };
    return { ServerReflectionInfo: method };
  });
}

/** The reflection services' own definitions (so reflection lists itself, as grpcurl expects). */
export function reflectionServiceDefinitions(): grpc.ServiceDefinition[] {
  if (!reflectionDefinitions) {
    const found: grpc.ServiceDefinition[] = [];
    // The package loads its protos inside addToServer only: ask it to add itself to a recorder.
    new ReflectionService({}).addToServer({ addService: (definition) => void found.push(definition) });
    reflectionDefinitions = found;
  }
  return reflectionDefinitions;
}

/**
 * TLS for gRPC, from PEM files (`GRPC_TLS_CERT`, `GRPC_TLS_KEY`, `GRPC_TLS_CA`). A server with a cert and
 * key speaks TLS; with a CA too it requires client certificates signed by it (mTLS). A client with a CA
 * verifies the server with it; with a cert and key too it presents them.
 */
export interface GrpcTls {
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
}

/** The TLS settings named by the GRPC_TLS_* variables (file paths), or undefined when none is set. */
export function grpcTlsFromFiles(config: {
  GRPC_TLS_CA?: string | undefined;
  GRPC_TLS_CERT?: string | undefined;
  GRPC_TLS_KEY?: string | undefined;
}): GrpcTls | undefined {
  const read = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  if (!config.GRPC_TLS_CA && !config.GRPC_TLS_CERT && !config.GRPC_TLS_KEY) return undefined;
  if (Boolean(config.GRPC_TLS_CERT) !== Boolean(config.GRPC_TLS_KEY)) {
    throw new Error('GRPC_TLS_CERT and GRPC_TLS_KEY go together');
  }
  return { ca: read(config.GRPC_TLS_CA), cert: read(config.GRPC_TLS_CERT), key: read(config.GRPC_TLS_KEY) };
}

function serverCredentials(tls: GrpcTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  if (!tls.cert || !tls.key) throw new Error('a gRPC server needs GRPC_TLS_CERT and GRPC_TLS_KEY for TLS');
  return grpc.ServerCredentials.createSsl(
    tls.ca ?? null,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    !!tls.ca,
  );
}

/** Channel credentials of a client for the given TLS settings (plain text without any). */
export function channelCredentials(tls: GrpcTls | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
}

const signers = new WeakMap<grpc.Client, InternalTokenSigner>();

/** Makes every call through `client` carry an internal token signed by `signer` (the gateway's clients). */
export function signCallsOf<C extends grpc.Client>(client: C, signer: InternalTokenSigner): C {
  signers.set(client, signer);
  return client;
}

/** An Idempotency-Key as it travels to a service: the key's hash and the request's fingerprint. */
export interface IdempotencyKey {
  key: string;
  fingerprint: string;
}

/** Metadata the gateway sends with every call. */
export interface CallOptions {
  /** The write's Idempotency-Key: the service records it with the write and replays the first result. */
  idempotency?: IdempotencyKey | undefined;
  actor?: Actor | undefined;
  requestId?: string | undefined;
  traceparent?: string | undefined;
  /** Deadline of this call in ms (default 3000). */
  timeoutMs?: number;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/**
 * The metadata of an outgoing call: the internal token (a client registered with `signCallsOf`), the
 * request id, the Idempotency-Key and the trace context, each when there is one.
 */
async function callMetadata(
  client: grpc.Client,
  options: CallOptions,
  /** The call's client span's context, when it is not the active one (a stream's). */
  trace?: TraceContext,
): Promise<grpc.Metadata> {
  const metadata = new grpc.Metadata();
  const signer = signers.get(client);
  if (signer) metadata.set('authorization', `Bearer ${await signer.token(options.actor)}`);
  if (options.requestId) metadata.set('x-request-id', options.requestId);
  if (options.idempotency) {
    metadata.set('x-idempotency-key', options.idempotency.key);
    metadata.set('x-idempotency-fingerprint', options.idempotency.fingerprint);
  }
  // The active span's context when tracing is on (the call's client span); else the caller's, as given.
  const carrier = tracingEnabled() ? carrierOf(trace) : {};
  const traceparent = carrier.traceparent ?? options.traceparent;
  if (traceparent) metadata.set('traceparent', traceparent);
  if (carrier.tracestate) metadata.set('tracestate', carrier.tracestate);
  return metadata;
}

/** A failed upstream call turned back into an AppError (kind from status, code and fields from metadata). */
export function fromServiceError(err: grpc.ServiceError): AppError {
  const code = err.metadata?.get('x-error-code')[0];
  const fieldsRaw = err.metadata?.get('x-error-fields-bin')[0];
  let fields: { field: string; message: string }[] = [];
  if (Buffer.isBuffer(fieldsRaw)) {
    try {
      fields = JSON.parse(fieldsRaw.toString('utf8')) as typeof fields;
    } catch {
      fields = [];
    }
  }
  const sentKind = err.metadata?.get('x-error-kind')[0];
  const kind = isErrorKind(sentKind) ? sentKind : kindOfGrpcStatus(err.code);
  if (typeof code !== 'string') {
    // No code from our service: the call itself failed (unreachable, deadline).
    if (kind === 'unavailable')
      return errors.unavailable('UPSTREAM_UNAVAILABLE', 'a back-end service is unavailable');
    if (kind === 'timeout')
      return new AppError('timeout', 'UPSTREAM_TIMEOUT', 'a back-end service did not answer in time');
    return new AppError('internal', 'UPSTREAM_ERROR', 'a back-end service failed');
  }
  return new AppError(kind, code, err.details, fields);
}

/**
 * Calls one unary method with a deadline and caller metadata; rejects with AppError. A client registered
 * with `signCallsOf` sends the internal token for `options.actor` (or for an anonymous caller).
 */
export async function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: CallOptions = {},
): Promise<Res> {
  const path = (method as { path?: string }).path ?? '/unknown/unknown';
  return traced(path.slice(1), { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) }, async (span) => {
    const metadata = await callMetadata(client, options);
    const deadline = new Date(Date.now() + (options.timeoutMs ?? 3000));
    const metrics = clientMetricsOf(method);
    const startedAt = performance.now();
    return new Promise<Res>((resolve, reject) => {
      method.call(client, request, metadata, { deadline }, (err, response) => {
        const code = err ? err.code : grpc.status.OK;
        metrics.done(code, startedAt);
        span?.setAttribute('rpc.grpc.status_code', code);
        if (err) reject(fromServiceError(err));
        else resolve(response as Res);
      });
    });
  });
}

/** The OpenTelemetry RPC attributes of a call to `/pkg.Service/Method`. */
function rpcAttributes(path: string) {
  const { service, method } = partsOfPath(path);
  return { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method };
}

/** The trace context a call's metadata carries (W3C `traceparent` / `tracestate`). */
function carrierOfMetadata(metadata: grpc.Metadata) {
  return {
    traceparent: metadataValue(metadata, 'traceparent'),
    tracestate: metadataValue(metadata, 'tracestate'),
  };
}

type ServerStreamMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
) => grpc.ClientReadableStream<Res>;

/**
 * Calls one server-streaming method with caller metadata and a deadline for the whole stream; yields its
 * messages and rejects with AppError. Breaking out of the loop cancels the call.
 */
export async function* callServerStream<Req, Res>(
  client: grpc.Client,
  method: ServerStreamMethod<Req, Res>,
  request: Req,
  options: CallOptions = {},
): AsyncGenerator<Res> {
  const path = (method as { path?: string }).path ?? '/unknown/unknown';
  // A generator runs in its consumer's context at each step: its client span is started and ended here,
  // and its context goes into the metadata explicitly.
  const started = startSpan(path.slice(1), { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) });
  const finish = (code: grpc.status, err?: unknown) => {
    if (!started) return;
    started.span.setAttribute('rpc.grpc.status_code', code);
    if (err) markFailed(started.span, err);
    started.span.end();
  };
  const metadata = await callMetadata(client, { ...options, idempotency: undefined }, started?.context);
  const deadline = new Date(Date.now() + (options.timeoutMs ?? 3000));
  const metrics = clientMetricsOf(method);
  const startedAt = performance.now();
  const call = method.call(client, request, metadata, { deadline });
  let finished = false;
  try {
    for await (const message of call as AsyncIterable<Res>) yield message;
    finished = true;
    metrics.done(grpc.status.OK, startedAt);
    finish(grpc.status.OK);
  } catch (err) {
    finished = true;
    const failed = err instanceof Error && 'code' in err;
    const code = failed ? (err as grpc.ServiceError).code : grpc.status.UNKNOWN;
    metrics.done(code, startedAt);
    finish(code, err);
    throw failed ? fromServiceError(err as grpc.ServiceError) : err;
  } finally {
    if (!finished) {
      call.cancel();
      metrics.done(grpc.status.CANCELLED, startedAt);
      finish(grpc.status.CANCELLED);
    }
  }
}

type ClientStreamMethod<Req, Res> = (
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientWritableStream<Req>;

/**
 * Calls one client-streaming method with caller metadata and a deadline for the whole call: writes the
 * messages of `messages` as they come, waiting while the call's buffer is full, then half-closes and
 * resolves with the response. A service answering early (an error before reading everything) ends the
 * call at once and stops pulling `messages`; a failing `messages` cancels the call and rejects with it.
 */
export async function callClientStream<Req, Res>(
  client: grpc.Client,
  method: ClientStreamMethod<Req, Res>,
  messages: AsyncIterable<Req>,
  options: CallOptions = {},
): Promise<Res> {
  const path = (method as { path?: string }).path ?? '/unknown/unknown';
  return traced(path.slice(1), { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) }, async (span) => {
    try {
      const response = await sendClientStream(client, method, messages, options);
      span?.setAttribute('rpc.grpc.status_code', grpc.status.OK);
      return response;
    } catch (err) {
      if (err instanceof AppError) span?.setAttribute('rpc.grpc.status_code', grpcStatusOf(err.kind));
      throw err;
    }
  });
}

/** `callClientStream`'s call itself (inside its client span). */
async function sendClientStream<Req, Res>(
  client: grpc.Client,
  method: ClientStreamMethod<Req, Res>,
  messages: AsyncIterable<Req>,
  options: CallOptions,
): Promise<Res> {
  const metadata = await callMetadata(client, { ...options, idempotency: undefined });
  const deadline = new Date(Date.now() + (options.timeoutMs ?? 3000));
  let answered = false;
  let call: grpc.ClientWritableStream<Req> | undefined;
  const response = new Promise<Res>((resolve, reject) => {
    call = method.call(client, metadata, { deadline }, (err, value) => {
      answered = true;
      if (err) reject(fromServiceError(err));
      else resolve(value as Res);
    });
  });
  const writer = call as unknown as grpc.ClientWritableStream<Req>;
  try {
    for await (const message of messages) {
      if (answered) break;
      if (!writer.write(message)) await drained(writer, 'close', response);
    }
  } catch (err) {
    writer.cancel();
    void response.catch(() => undefined);
    throw err;
  }
  if (!answered) writer.end();
  return response;
}

const HealthClient = grpc.makeGenericClientConstructor(healthService, 'Health');

/** Asks a server's grpc.health.v1 service whether it is SERVING (health needs no internal token). */
export function checkHealth(
  address: string,
  timeoutMs = 1000,
  tls?: GrpcTls,
  /** The health name asked about: '' (the whole server) or one a service reports (reportHealth). */
  service = '',
): Promise<boolean> {
  const client = new HealthClient(address, channelCredentials(tls)) as unknown as grpc.Client & {
    check: (
      req: { service: string },
      opts: grpc.CallOptions,
      cb: (err: unknown, res: { status?: string }) => void,
    ) => void;
  };
  return new Promise((resolve) => {
    client.check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
      client.close();
      resolve(!err && res?.status === 'SERVING');
    });
  });
}
