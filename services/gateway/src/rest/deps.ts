import type { FastifyRequest } from 'fastify';
import { AppError, errors, type Actor, type KeyValueStore } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { CallMeta, Upstreams } from '../upstream/clients.ts';
import { idempotencyKeyOf } from './idempotency.ts';
import type { RateLimits } from './rate-limit.ts';

/** What every REST route module needs. */
export interface RouteDeps {
  upstreams: Upstreams;
  verifier: TokenVerifier;
  kv: KeyValueStore;
  rateLimits: RateLimits;
}

/**
 * An `Authorization: Bearer <token>` header; the token is group 1. Any token is taken and verified, so a
 * malformed one (not a JWT, a partner key sent by mistake) is TOKEN_INVALID, not TOKEN_MISSING.
 */
export const BEARER_TOKEN = /^Bearer\s+(\S+)\s*$/i;
type Verification = { actor: Actor } | { error: AppError };
const verifications = new WeakMap<FastifyRequest, Promise<Verification>>();

/**
 * Verifies the request's bearer token once and remembers the outcome, so the rate limiter, idempotency
 * and the route share one verification. A token that cannot be checked (identity down) rejects.
 */
function verification(request: FastifyRequest, verifier: TokenVerifier): Promise<Verification> {
  let result = verifications.get(request);
  if (!result) {
    const header = request.headers.authorization;
    const match = header ? BEARER_TOKEN.exec(header) : null;
    result = match
      ? verifier.verify(match[1] as string, request.id).then(
          ({ id, role, sid }): Verification => ({ actor: { id, role, ...(sid ? { sid } : {}) } }),
          (err: unknown): Verification => {
            if (err instanceof AppError && err.kind === 'unauthenticated') return { error: err };
            throw err;
          },
        )
      : Promise.resolve({
          error: errors.unauthenticated(
            'TOKEN_MISSING',
            'send an access token as "Authorization: Bearer <token>"',
          ),
        });
    verifications.set(request, result);
  }
  return result;
}

/** The verified actor of a request, or undefined without a valid bearer token. */
export async function actorOf(request: FastifyRequest, verifier: TokenVerifier): Promise<Actor | undefined> {
  const result = await verification(request, verifier);
  return 'actor' in result ? result.actor : undefined;
}

/**
 * The verified actor when the request carries an `Authorization` header, else undefined; never rejects.
 * Unlike `actorOf` it builds nothing for a request without a token, so it suits the hot path (rate limits).
 */
export async function peekActor(
  request: FastifyRequest,
  verifier: TokenVerifier,
): Promise<Actor | undefined> {
  if (request.headers.authorization === undefined) return undefined;
  return actorOf(request, verifier).catch(() => undefined);
}

/** Call metadata for an anonymous request. */
export function anonymous(request: FastifyRequest): CallMeta {
  return { requestId: request.id, traceparent: traceparentOf(request) };
}

/** Call metadata for an authenticated request (401 when the token is missing, expired or bad). */
export async function authenticated(
  request: FastifyRequest,
  deps: RouteDeps,
): Promise<CallMeta & { actor: Actor }> {
  const result = await verification(request, deps.verifier);
  if ('error' in result) throw result.error;
  return {
    actor: result.actor,
    requestId: request.id,
    traceparent: traceparentOf(request),
    idempotency: idempotencyKeyOf(request),
  };
}

function traceparentOf(request: FastifyRequest): string | undefined {
  const value = request.headers.traceparent;
  return typeof value === 'string' ? value : undefined;
}
