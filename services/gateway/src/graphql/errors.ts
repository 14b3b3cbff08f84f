import { AppError, httpStatusOf, type ErrorKind, type Logger } from '@rcr/platform';
import type { GraphQLError } from 'graphql';
import { PROBLEM_BASE } from '../rest/http.ts';

/** Error kind → `extensions.code`, in the words GraphQL clients know (Apollo's where there is one). */
const CODES: Record<ErrorKind, string> = {
  invalid: 'BAD_USER_INPUT',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  conflict: 'CONFLICT',
  'precondition-failed': 'PRECONDITION_FAILED',
  unprocessable: 'UNPROCESSABLE',
  'too-large': 'PAYLOAD_TOO_LARGE',
  'unsupported-media-type': 'UNSUPPORTED_MEDIA_TYPE',
  unavailable: 'SERVICE_UNAVAILABLE',
  timeout: 'GATEWAY_TIMEOUT',
  internal: 'INTERNAL_SERVER_ERROR',
};

/** The GraphQL error code of an error kind. */
export const graphqlCodeOf = (kind: ErrorKind) => CODES[kind];

/**
 * An AppError as a GraphQL error: `extensions.code` from its kind, and what the REST problem says —
 * `reason` (the problem's code), `status`, `type`, and field errors — so a client maps both alike.
 */
export function fromAppError(
  err: AppError,
  GraphQLErrorClass: typeof GraphQLError,
  at?: GraphQLError,
): GraphQLError {
  const status = httpStatusOf(err.kind);
  const message = status >= 500 && err.kind === 'internal' ? 'an unexpected error occurred' : err.message;
  return new GraphQLErrorClass(message, {
    nodes: at?.nodes,
    source: at?.source,
    positions: at?.positions,
    path: at?.path,
    extensions: {
      code: CODES[err.kind],
      reason: err.code,
      status,
      type: `${PROBLEM_BASE}${err.code.toLowerCase().replace(/_/g, '-')}`,
      ...(err.fields.length > 0 ? { fields: err.fields } : {}),
    },
  });
}

/**
 * The server's error masking: AppErrors are shown as above, GraphQL's own errors (syntax, validation,
 * limits) as they are, and anything else is logged and answered as a bare INTERNAL_SERVER_ERROR, with
 * no message or stack of its own. `GraphQLErrorClass` is graphql's, passed in by the server that loaded it.
 */
export function maskErrorWith(log: Logger, GraphQLErrorClass: typeof GraphQLError) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLErrorClass ? error.originalError : error;
    if (original instanceof AppError) return fromAppError(original, GraphQLErrorClass, error as GraphQLError);
    // A located error takes the extensions of the GraphQLError it wraps.
    if (error instanceof GraphQLErrorClass && (!original || original instanceof GraphQLErrorClass))
      return error;
    log.error({ err: original }, 'unexpected error in a GraphQL resolver');
    const at = error instanceof GraphQLErrorClass ? error : undefined;
    return new GraphQLErrorClass('an unexpected error occurred', {
      nodes: at?.nodes,
      source: at?.source,
      positions: at?.positions,
      path: at?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', status: 500 },
    });
  };
}
