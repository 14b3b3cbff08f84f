import type { FastifyRequest } from 'fastify';
import type { Actor } from '@rcr/platform';
import { requireActor, type TokenVerifier } from '../auth/tokens.ts';
import type { CallMeta, Upstreams } from '../upstream/clients.ts';

/** What every REST route module needs. */
export interface RouteDeps {
  upstreams: Upstreams;
  verifier: TokenVerifier;
}

/** Call metadata for an anonymous request. */
export function anonymous(request: FastifyRequest): CallMeta {
  return { requestId: request.id, traceparent: header(request, 'traceparent') };
}

/** Call metadata for an authenticated request (401 when the token is missing or bad). */
export async function authenticated(
  request: FastifyRequest,
  deps: RouteDeps,
): Promise<CallMeta & { actor: Actor }> {
  const actor = await requireActor(request, deps.verifier);
  return { actor, requestId: request.id, traceparent: header(request, 'traceparent') };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
