import { status as GrpcStatus } from '@grpc/grpc-js';

/** What went wrong, independent of protocol; mapped to gRPC and HTTP status in exactly one place each. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'unprocessable'
  | 'too-large'
  | 'unsupported-media-type'
  | 'unavailable'
  | 'timeout'
  | 'internal';

/** One error family for the whole system: a stable code from the catalog, a kind and a safe message. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Shorthands for the kinds used most. */
export const errors = {
  invalid: (code: string, message: string, fields: { field: string; message: string }[] = []) =>
    new AppError('invalid', code, message, fields),
  notFound: (code: string, message: string) => new AppError('not-found', code, message),
  forbidden: (code: string, message: string) => new AppError('forbidden', code, message),
  conflict: (code: string, message: string) => new AppError('conflict', code, message),
  unauthenticated: (code: string, message: string) => new AppError('unauthenticated', code, message),
  unavailable: (code: string, message: string) => new AppError('unavailable', code, message),
  preconditionFailed: (code: string, message: string) => new AppError('precondition-failed', code, message),
  /** The body is larger than the limit (413). */
  tooLarge: (code: string, message: string) => new AppError('too-large', code, message),
  /** The body is not of a type the route accepts, judged by its bytes (415). */
  unsupportedMediaType: (code: string, message: string) =>
    new AppError('unsupported-media-type', code, message),
};

const kindToGrpc: Record<ErrorKind, GrpcStatus> = {
  invalid: GrpcStatus.INVALID_ARGUMENT,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  forbidden: GrpcStatus.PERMISSION_DENIED,
  'not-found': GrpcStatus.NOT_FOUND,
  conflict: GrpcStatus.ALREADY_EXISTS,
  'precondition-failed': GrpcStatus.FAILED_PRECONDITION,
  unprocessable: GrpcStatus.FAILED_PRECONDITION,
  // Both travel with their kind in `x-error-kind`; the status is only what a plain gRPC client sees.
  'too-large': GrpcStatus.INVALID_ARGUMENT,
  'unsupported-media-type': GrpcStatus.INVALID_ARGUMENT,
  unavailable: GrpcStatus.UNAVAILABLE,
  timeout: GrpcStatus.DEADLINE_EXCEEDED,
  internal: GrpcStatus.INTERNAL,
};

/** Error kind → gRPC status (used by services). */
export function grpcStatusOf(kind: ErrorKind): GrpcStatus {
  return kindToGrpc[kind];
}

/** Whether a string names an error kind (services send theirs in `x-error-kind` metadata). */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && value in kindToHttp;
}

/** gRPC status → error kind (used by the gateway on a failed upstream call). */
export function kindOfGrpcStatus(code: GrpcStatus): ErrorKind {
  switch (code) {
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return 'invalid';
    case GrpcStatus.UNAUTHENTICATED:
      return 'unauthenticated';
    case GrpcStatus.PERMISSION_DENIED:
      return 'forbidden';
    case GrpcStatus.NOT_FOUND:
      return 'not-found';
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.ABORTED:
      return 'conflict';
    case GrpcStatus.FAILED_PRECONDITION:
      return 'precondition-failed';
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 'unavailable';
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.CANCELLED:
      return 'timeout';
    default:
      return 'internal';
  }
}

const kindToHttp: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  unprocessable: 422,
  'too-large': 413,
  'unsupported-media-type': 415,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** Error kind → HTTP status (used by the gateway's problem+json mapping). */
export function httpStatusOf(kind: ErrorKind): number {
  return kindToHttp[kind];
}

/** True when the error means a dependency (database, bus, upstream) could not be reached. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      // too_many_connections: the server is there but takes no more sessions for now (its
      // max_connections is full, e.g. of killed processes' connections not yet noticed).
      '53300',
      '08006',
      '08001',
      '08003',
    ].includes(code)
  );
}
