import {
  ACCESS_TOKEN_TTL_SECONDS,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  type EventData,
  type Role,
} from '@rcr/contracts';
import { errors, type Actor, type Logger } from '@rcr/platform';
import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { Upstreams } from '../upstream/clients.ts';
import { RevocationList } from './revocations.ts';

/** Clock difference tolerated between identity (which stamps tokens) and a gateway. */
const CLOCK_SKEW_SECONDS = 30;
/** How often the key set is refetched even when no event said it changed (a missed broadcast). */
const JWKS_REFRESH_MS = 5 * 60_000;
/** Retries of a key set refetch that failed after a key change (then every verification refetches). */
const KEY_RETRIES = 10;
const KEY_RETRY_FIRST_MS = 100;
const KEY_RETRY_MAX_MS = 5000;
/** Least time between two refetches caused by tokens naming an unknown key (forged ones included). */
const UNKNOWN_KID_REFRESH_MS = 1000;
/** Most verified tokens remembered (one or two per signed-in client); the memory is emptied when full. */
const VERIFIED_CACHE_MAX = 10_000;

/** A verified access token's caller, with what revocation needs. */
export interface VerifiedCaller extends Actor {
  name: string;
  /** When the token expires (ms), so a socket authorised by it can be cut off then. */
  expiresAtMs: number;
  issuedAtMs: number;
}

/** The issue time of a token in ms: its UUIDv7 `jti` (millisecond precision) or else `iat`. */
function issuedAtMs(payload: JWTPayload): number {
  const jti = payload.jti;
  if (typeof jti === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(jti)) {
    return parseInt(jti.replace(/-/g, '').slice(0, 12), 16);
  }
  return (payload.iat ?? 0) * 1000;
}

/**
 * Verifies access tokens locally with identity's public keys, and rejects revoked ones. The key set is
 * fetched over gRPC and cached: refetched at once when identity announces a key change, on an unknown
 * `kid` (at most once a second: a token signed by a key made a moment ago must not wait for the
 * announcement), and every 5 minutes — so a key removed from the JWK Set stops being
 * trusted. Every token must carry `exp`, `iat` and `sub`, live no longer than identity issues them, and
 * not come from the future.
 */
export class TokenVerifier {
  readonly revocations = new RevocationList();
  #keys: ReturnType<typeof createLocalJWKSet> | undefined;
  /**
   * Tokens whose signature and claims were checked against the current key set, with their claims and
   * until when they pass (expiry and maximum age, with the tolerated skew). An Ed25519 check costs far
   * more than the rest of a request's authentication, and a client sends the same token with every
   * request. Emptied whenever the key set is replaced, so a key removed from it is trusted no longer;
   * revocation is still checked on every request.
   */
  #verified = new Map<string, { payload: JWTPayload; validUntilMs: number }>();
  #fetchedAt = 0;
  #fetching: Promise<void> | undefined;
  /** Refreshes asked for so far, and how many of them the last completed fetch covers. */
  #requested = 0;
  #fetchedFor = 0;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly log: Logger,
  ) {}

  /**
   * Fetches the key set again (a `signing-keys.changed` event, or a test). The answer always comes from a
   * fetch that started after this call: a fetch already in flight may have read the keys before the
   * change that caused this call, so it is joined only when it started late enough, else followed by one.
   */
  async refreshKeys(requestId = 'jwks-refresh'): Promise<void> {
    const wanted = ++this.#requested;
    while (this.#fetchedFor < wanted) {
      this.#fetching ??= this.#fetch(requestId, this.#requested);
      await this.#fetching;
    }
  }

  async #fetch(requestId: string, covers: number): Promise<void> {
    try {
      const { json } = await this.upstreams.call('identity', 'GetJwks', {}, { requestId });
      this.#keys = createLocalJWKSet(JSON.parse(json) as JSONWebKeySet);
      this.#verified = new Map();
      this.#fetchedAt = Date.now();
      this.#fetchedFor = Math.max(this.#fetchedFor, covers);
    } finally {
      this.#fetching = undefined;
    }
  }

  /**
   * Reacts to identity's events: a revoked session, or a changed key set. A key set refetch that fails
   * (identity busy or briefly out of reach) is tried again with backoff until it succeeds: a retired key
   * must stop verifying within seconds, not at the next periodic refetch minutes later. The returned
   * promise settles with the first try; the retries run on their own.
   */
  onIdentityEvent(
    event:
      | { type: 'session.revoked'; data: EventData<'session.revoked'> }
      | { type: 'signing-keys.changed'; data: EventData<'signing-keys.changed'> },
  ): Promise<void> | void {
    if (event.type === 'session.revoked') return this.revocations.apply(event.data);
    return this.refreshKeys().catch((err: unknown) => {
      this.log.warn({ err: (err as Error).message }, 'refetching the signing keys failed; trying again');
      void this.#refreshUntilDone();
    });
  }

  /** Retries of a failed refetch after a key change: 0.1 s doubling to 5 s, then on every verify. */
  async #refreshUntilDone(): Promise<void> {
    for (
      let pause = KEY_RETRY_FIRST_MS, tries = 1;
      ;
      pause = Math.min(KEY_RETRY_MAX_MS, pause * 2), tries++
    ) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      try {
        await this.refreshKeys('jwks-retry');
        this.log.info({ tries }, 'signing keys refetched after failures');
        return;
      } catch (err) {
        if (tries >= KEY_RETRIES) {
          // Out of retries: the next request's verification refetches (and keeps the known keys if it fails).
          this.#fetchedAt = 0;
          this.log.warn({ err: (err as Error).message, tries }, 'refetching the signing keys keeps failing');
          return;
        }
      }
    }
  }

  /** The caller of a valid token; throws 401-kind AppErrors for missing, expired, revoked or forged tokens. */
  async verify(token: string, requestId: string): Promise<VerifiedCaller> {
    if (!this.#keys || Date.now() - this.#fetchedAt > JWKS_REFRESH_MS) await this.#refreshQuietly(requestId);
    const attempt = async (): Promise<JWTPayload> => {
      const verified = this.#verified;
      const known = verified.get(token);
      if (known && Date.now() < known.validUntilMs) return known.payload;
      // Expired (or never seen): jose checks it again and says which.
      verified.delete(token);
      const { payload } = await jwtVerify(token, this.#keys as ReturnType<typeof createLocalJWKSet>, {
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithms: [JWT_ALGORITHM],
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS,
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      // Remembered only if the key set it was checked against is still the current one.
      if (verified === this.#verified) {
        if (verified.size >= VERIFIED_CACHE_MAX) verified.clear();
        const exp = payload.exp as number;
        const iat = payload.iat as number;
        const validUntilMs =
          Math.min(exp, iat + ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) * 1000 +
          CLOCK_SKEW_SECONDS * 1000;
        verified.set(token, { payload, validUntilMs });
      }
      return payload;
    };
    try {
      let payload: JWTPayload;
      try {
        payload = await attempt();
      } catch (err) {
        if (
          err instanceof joseErrors.JWKSNoMatchingKey &&
          Date.now() - this.#fetchedAt > UNKNOWN_KID_REFRESH_MS
        ) {
          await this.refreshKeys(requestId);
          payload = await attempt();
        } else {
          throw err;
        }
      }
      const { sub, role, name, sid } = payload as { sub?: string; role?: Role; name?: string; sid?: unknown };
      const invalid = () => errors.unauthenticated('TOKEN_INVALID', 'the access token is invalid');
      if (!sub || (role !== 'admin' && role !== 'editor')) throw invalid();
      const iat = payload.iat as number;
      const exp = payload.exp as number;
      // A token from the future, or one that lives longer than identity issues them, was not made by it.
      if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw invalid();
      if (exp - iat > ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) throw invalid();
      const caller: VerifiedCaller = {
        id: sub,
        role,
        name: name ?? '',
        ...(typeof sid === 'string' ? { sid } : {}),
        expiresAtMs: exp * 1000,
        issuedAtMs: issuedAtMs(payload),
      };
      if (!this.revocations.loaded) {
        // Fail closed: until identity has told which sessions ended, a revoked token could pass.
        throw errors.unavailable(
          'REVOCATIONS_UNAVAILABLE',
          'token revocations are not known yet; retry shortly',
        );
      }
      if (this.revocations.isRevoked({ sub, sid: caller.sid, issuedAtMs: caller.issuedAtMs })) {
        throw errors.unauthenticated(
          'TOKEN_REVOKED',
          'the session of this access token has ended; sign in again',
        );
      }
      return caller;
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

  /** Refreshes the key set; a failure keeps the keys already known (identity briefly away). */
  async #refreshQuietly(requestId: string): Promise<void> {
    if (!this.#keys) return this.refreshKeys(requestId);
    await this.refreshKeys(requestId).catch((err: unknown) =>
      this.log.warn(
        { err: (err as Error).message },
        'refetching the signing keys failed; using the known ones',
      ),
    );
  }
}
