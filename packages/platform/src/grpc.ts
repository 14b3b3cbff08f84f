import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, service as healthService, type ServingStatus } from 'grpc-health-check';
import { AppError, errors, grpcStatusOf, kindOfGrpcStatus } from './errors.ts';
import type { Logger } from './logger.ts';

/** Who is calling, as asserted by the gateway after verifying the JWT (metadata `x-actor-*`). */
export interface Actor {
  id: string;
  role: 'admin' | 'editor';
}

/** What a handler knows about its call besides the request message. */
export interface CallContext {
  actor: Actor | undefined;
  requestId: string | undefined;
  traceparent: string | undefined;
}

/** A service's handlers: one async function per rpc, returning the response message or throwing AppError. */
export type UnaryHandlers<S> = {
  // `string extends K` drops the index signature inherited from UntypedServiceImplementation.
  [K in keyof S as string extends K ? never : K]: S[K] extends grpc.handleUnaryCall<infer Req, infer Res>
    ? (request: Req, ctx: CallContext) => Promise<Res>
    : never;
};

function contextOf(metadata: grpc.Metadata): CallContext {
  const get = (key: string) => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const id = get('x-actor-id');
  const role = get('x-actor-role');
  return {
    actor: id && (role === 'admin' || role === 'editor') ? { id, role } : undefined,
    requestId: get('x-request-id'),
    traceparent: get('traceparent'),
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

/** Registers async handlers for a service definition, mapping errors in one place. */
export function addUnaryService<S extends grpc.UntypedServiceImplementation>(
  server: grpc.Server,
  definition: grpc.ServiceDefinition,
  handlers: UnaryHandlers<S>,
  log: Logger,
): void {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers) as [
    string,
    (r: unknown, c: CallContext) => Promise<unknown>,
  ][]) {
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const ctx = contextOf(call.metadata);
      handler(call.request, ctx).then(
        (response) => callback(null, response),
        (err: unknown) => {
          let reply: Partial<grpc.ServiceError>;
          try {
            reply = toServiceError(err, log, method, ctx);
          } catch (mappingError) {
            // Never leave a call unanswered: the client would wait for its whole deadline.
            log.error({ err: mappingError, method }, 'could not map a handler error');
            reply = { code: grpc.status.INTERNAL, details: 'internal error' };
          }
          callback(reply as grpc.ServiceError);
        },
      );
    };
  }
  server.addService(definition, impl);
}

/** A gRPC server with the standard health service; `listen` binds and returns the actual port. */
export class GrpcServer {
  readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  readonly health = new HealthImplementation({ '': 'NOT_SERVING' });

  constructor(private readonly serviceNames: string[]) {
    this.health.addToServer(this.server);
  }

  /** Binds (port 0 picks a free one) and returns the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
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

/** Metadata the gateway sends with every call. */
export interface CallOptions {
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
  const kind = kindOfGrpcStatus(err.code);
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

/** Calls one unary method with a deadline and caller metadata; rejects with AppError. */
export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: CallOptions = {},
): Promise<Res> {
  const metadata = new grpc.Metadata();
  if (options.actor) {
    metadata.set('x-actor-id', options.actor.id);
    metadata.set('x-actor-role', options.actor.role);
  }
  if (options.requestId) metadata.set('x-request-id', options.requestId);
  if (options.traceparent) metadata.set('traceparent', options.traceparent);
  const deadline = new Date(Date.now() + (options.timeoutMs ?? 3000));
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline }, (err, response) => {
      if (err) reject(fromServiceError(err));
      else resolve(response as Res);
    });
  });
}

const HealthClient = grpc.makeGenericClientConstructor(healthService, 'Health');

/** Asks a server's grpc.health.v1 service whether it is SERVING. */
export function checkHealth(address: string, timeoutMs = 1000): Promise<boolean> {
  const client = new HealthClient(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    check: (
      req: { service: string },
      opts: grpc.CallOptions,
      cb: (err: unknown, res: { status?: string }) => void,
    ) => void;
  };
  return new Promise((resolve) => {
    client.check({ service: '' }, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
      client.close();
      resolve(!err && res?.status === 'SERVING');
    });
  });
}
