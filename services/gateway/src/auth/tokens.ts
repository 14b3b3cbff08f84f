import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type Role } from '@rcr/contracts';
import { errors, type Actor, type Logger } from '@rcr/platform';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Upstreams } from '../upstream/clients.ts';

/**
 * Verifies access tokens locally with identity's public keys. The key set is fetched over gRPC once and
 * cached; an unknown `kid` triggers one refetch (at most every 30 s), so key rotation needs no restart.
 */
export class TokenVerifier {
  #keys: ReturnType<typeof createLocalJWKSet> | undefined;
  #fetchedAt = 0;
  #fetching: Promise<void> | undefined;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly log: Logger,
  ) {}

  async #refresh(requestId: string): Promise<void> {
    this.#fetching ??= (async () => {
      try {
        const { json } = await this.upstreams.call('identity', 'GetJwks', {}, { requestId });
        this.#keys = createLocalJWKSet(JSON.parse(json) as JSONWebKeySet);
        this.#fetchedAt = Date.now();
      } finally {
        this.#fetching = undefined;
      }
    })();
    await this.#fetching;
  }

  /** The actor of a valid token; throws 401-kind AppErrors for missing, expired or forged tokens. */
  async verify(token: string, requestId: string): Promise<Actor & { name: string }> {
    if (!this.#keys) await this.#refresh(requestId);
    const attempt = async () =>
      jwtVerify(token, this.#keys as ReturnType<typeof createLocalJWKSet>, {
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithms: [JWT_ALGORITHM],
      });
    try {
      let result;
      try {
        result = await attempt();
      } catch (err) {
        if (err instanceof joseErrors.JWKSNoMatchingKey && Date.now() - this.#fetchedAt > 30_000) {
          await this.#refresh(requestId);
          result = await attempt();
        } else {
          throw err;
        }
      }
      const { sub, role, name } = result.payload as { sub?: string; role?: Role; name?: string };
      if (!sub || (role !== 'admin' && role !== 'editor'))
        throw errors.unauthenticated('TOKEN_INVALID', 'the access token is invalid');
      return { id: sub, role, name: name ?? '' };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw errors.unauthenticated('TOKEN_EXPIRED', 'the access token has expired');
      if (err instanceof joseErrors.JOSEError) {
        this.log.debug({ code: err.code }, 'rejected access token');
        throw errors.unauthenticated('TOKEN_INVALID', 'the access token is invalid');
      }
      throw err;
    }
  }
}
