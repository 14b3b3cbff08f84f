import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { errors } from './errors.ts';

/**
 * Internal call tokens: how a service knows a call comes from the gateway, and on whose behalf. The
 * gateway signs a short-lived JWT (EdDSA) for every call it makes — with the verified caller as `sub` and
 * `role`, or no subject for an anonymous request — and every service verifies it with the gateway's public
 * key before any handler runs. Unsigned `x-actor-*` metadata means nothing any more: anyone who reaches a
 * service port without the gateway's key gets UNAUTHENTICATED.
 *
 * Keys travel as base64url text: the signing key is the 32-byte Ed25519 seed, a public key the 32-byte
 * raw key (`npm run rcr -- keys internal` prints a fresh pair). Several public keys may be trusted at
 * once (comma-separated), so the gateway's key can be rotated without downtime.
 */

const ISSUER = 'rcr-gateway';
const AUDIENCE = 'rcr-services';
/** Lifetime of one token; a signer reuses a token for half of it. */
const TOKEN_TTL_SECONDS = 60;
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** Who a call is made for, as the gateway verified it. */
export interface InternalActor {
  id: string;
  role: 'admin' | 'editor';
  /** The session (refresh-token family) of the caller's access token, when known. */
  sid?: string | undefined;
}

function keyBytes(text: string, what: string): Buffer {
  const bytes = Buffer.from(text.trim(), 'base64url');
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes in base64url (got ${bytes.length})`);
  return bytes;
}

/** Turns a base64url Ed25519 seed into a private key. */
export function internalSigningKey(seed: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, keyBytes(seed, 'the internal signing key')]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** Turns a base64url raw Ed25519 public key into a key object. */
export function internalPublicKey(raw: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519, keyBytes(raw, 'an internal public key')]),
    format: 'der',
    type: 'spki',
  });
}

/** A fresh key pair, as the environment variables hold it. */
export function generateInternalKeyPair(): { signingKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const publicJwk = publicKey.export({ format: 'jwk' });
  return { signingKey: jwk.d as string, publicKey: publicJwk.x as string };
}

/** The public key of a signing key (so one variable can configure both ends in development). */
export function publicKeyOf(seed: string): string {
  return createPublicKey(internalSigningKey(seed)).export({ format: 'jwk' }).x as string;
}

/** Signs internal call tokens (the gateway); tokens are cached per caller for half their lifetime. */
export class InternalTokenSigner {
  readonly #key: KeyObject;
  readonly #cache = new Map<string, { token: string; renewAt: number }>();

  constructor(seed: string) {
    this.#key = internalSigningKey(seed);
  }

  /** A token for a call made on behalf of `actor` (or of an anonymous caller). */
  async token(actor?: InternalActor): Promise<string> {
    const cacheKey = actor ? `${actor.id}|${actor.role}|${actor.sid ?? ''}` : '';
    const cached = this.#cache.get(cacheKey);
    const now = Date.now();
    if (cached && cached.renewAt > now) return cached.token;
    const jwt = new SignJWT(actor ? { role: actor.role, ...(actor.sid ? { sid: actor.sid } : {}) } : {})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'rcr-internal+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SECONDS}s`);
    if (actor) jwt.setSubject(actor.id);
    const token = await jwt.sign(this.#key);
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(cacheKey, { token, renewAt: now + (TOKEN_TTL_SECONDS * 1000) / 2 });
    return token;
  }
}

/** What a verified internal token says: the actor, or undefined for an anonymous request. */
export interface InternalCaller {
  actor: InternalActor | undefined;
}

/** Verifies internal call tokens (every service); verified tokens are cached until they expire. */
export class InternalTokenVerifier {
  readonly #keys: KeyObject[];
  readonly #cache = new Map<string, { caller: InternalCaller; expiresAt: number }>();

  constructor(publicKeys: readonly string[]) {
    if (publicKeys.length === 0) throw new Error('at least one internal public key is needed');
    this.#keys = publicKeys.map(internalPublicKey);
  }

  /** The caller a token names; UNAUTHENTICATED-kind AppError when it is missing, forged or expired. */
  async verify(token: string | undefined): Promise<InternalCaller> {
    if (!token)
      throw errors.unauthenticated('INTERNAL_TOKEN_MISSING', 'calls must carry the gateway\u2019s token');
    const cached = this.#cache.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.caller;
    for (const key of this.#keys) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['EdDSA'],
          requiredClaims: ['exp', 'iat'],
          maxTokenAge: `${TOKEN_TTL_SECONDS + 5}s`,
          clockTolerance: 5,
        });
        const role = payload.role;
        const actor: InternalActor | undefined =
          typeof payload.sub === 'string' && (role === 'admin' || role === 'editor')
            ? { id: payload.sub, role, ...(typeof payload.sid === 'string' ? { sid: payload.sid } : {}) }
            : undefined;
        if (typeof payload.sub === 'string' && !actor) break; // a subject without a valid role
        const caller = { actor };
        if (this.#cache.size > 10_000) this.#cache.clear();
        this.#cache.set(token, { caller, expiresAt: (payload.exp as number) * 1000 });
        return caller;
      } catch (err) {
        if (!(err instanceof joseErrors.JOSEError)) throw err;
      }
    }
    throw errors.unauthenticated('INTERNAL_TOKEN_INVALID', 'the call\u2019s internal token is not valid');
  }
}
