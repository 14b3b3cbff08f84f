import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { AppError, grpcStatusOf, type Logger } from '@rcr/platform';
import { unstorableTextError } from '../input-hygiene.ts';
import type { CallMeta } from '../upstream/clients.ts';
import { PartnerRateLimited } from './rate-limit.ts';

/** Any server call: what the plumbing below reads from it. */
type ServerCall = { metadata: grpc.Metadata; getDeadline(): grpc.Deadline; getPath(): string };

/** The call's deadline as a Date, or undefined when the client set none. */
export function deadlineOf(call: ServerCall): Date | undefined {
  const deadline = call.getDeadline();
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}

/**
 * What the gateway forwards upstream for a partner call: a request id (the client's `x-request-id` when
 * sensible, else a new one), its traceparent and its deadline (see Upstreams.call).
 */
export function callMetaOf(call: ServerCall): CallMeta {
  const given = call.metadata.get('x-request-id')[0];
  const traceparent = call.metadata.get('traceparent')[0];
  return {
    requestId: typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID(),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
    deadline: deadlineOf(call),
  };
}

/**
 * An error as the gRPC status a partner gets: an AppError by its kind (NOT_FOUND, INVALID_ARGUMENT with
 * the fields named in the message, UNAVAILABLE, DEADLINE_EXCEEDED, …) and its code in `x-error-code`;
 * anything else is INTERNAL, logged once with the request id (never its text: it may say too much).
 */
export function statusOf(err: unknown, log: Logger, call: ServerCall, meta: CallMeta): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set('x-request-id', meta.requestId);
  if (err instanceof PartnerRateLimited) {
    metadata.set('x-error-code', 'RATE_LIMITED');
    metadata.set('retry-after', String(err.retryAfterS));
    return Object.assign(new Error(err.message), {
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: err.message,
      metadata,
    });
  }
  if (err instanceof AppError) {
    metadata.set('x-error-code', err.code);
    const fields = err.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    if (err.kind === 'unavailable' || err.kind === 'timeout' || err.kind === 'internal') {
      log.warn({ method: call.getPath(), requestId: meta.requestId, code: err.code }, err.message);
    }
    return Object.assign(new Error(err.message), {
      code: grpcStatusOf(err.kind),
      details: fields ? `${err.message} (${fields})` : err.message,
      metadata,
    });
  }
  log.error({ err, method: call.getPath(), requestId: meta.requestId }, 'unhandled error in a partner call');
  metadata.set('x-error-code', 'INTERNAL');
  return Object.assign(new Error('internal error'), {
    code: grpc.status.INTERNAL,
    details: `internal error (request ${meta.requestId})`,
    metadata,
  });
}

/**
 * A unary handler as an async function: its answer or error reaches the client, whatever happens. A
 * request holding text no database can store (protobuf strings may hold NUL) is INVALID_ARGUMENT first.
 */
export function unary<Req, Res>(
  log: Logger,
  handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>, meta: CallMeta) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const meta = callMetaOf(call);
    const refused = unstorableTextError(call.request, 'request');
    (refused ? Promise.reject(refused) : handler(call.request, call, meta)).then(
      (response) => callback(null, response),
      (err: unknown) => callback(statusOf(err, log, call, meta)),
    );
  };
}
