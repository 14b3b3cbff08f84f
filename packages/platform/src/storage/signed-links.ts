import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** What checking a link found: `expired` and `forged` both mean 403 to a client. */
export type LinkCheck = 'valid' | 'expired' | 'forged';

/** The query parameters of a signed file link: `?expires=<unix seconds>&signature=<kid>.<mac>`. */
export interface SignedLink {
  expires: number;
  signature: string;
}

/** Longest a link may be valid: a link leaks (logs, shared screens), so none lives for long. */
export const MAX_LINK_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Temporary signed links to objects of the bucket (M21): HMAC-SHA256 over the method, the object key and
 * the expiry, with a key named in the signature so keys can rotate (the first signs, every one checks).
 * The keys come from `KeyRing.macKeys('file links')`, so they follow RCR_ENCRYPTION_KEY.
 */
export class LinkSigner {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #signing: { kid: string; key: KeyObject };

  constructor(keys: { kid: string; key: KeyObject }[]) {
    const first = keys[0];
    if (!first) throw new Error('LinkSigner needs at least one key');
    this.#signing = first;
    this.#keys = new Map(keys.map(({ kid, key }) => [kid, key]));
  }

  /** A link to `key` valid until `expires` (unix seconds, at most MAX_LINK_TTL_SECONDS from now). */
  sign(key: string, ttlSeconds: number, now = Date.now()): SignedLink {
    const ttl = Math.max(1, Math.min(Math.floor(ttlSeconds), MAX_LINK_TTL_SECONDS));
    const expires = Math.floor(now / 1000) + ttl;
    const { kid, key: secret } = this.#signing;
    return { expires, signature: `${kid}.${mac(secret, key, expires).toString('base64url')}` };
  }

  /**
   * Checks a link's parameters as they arrived (strings, possibly missing or hostile): the signature is
   * checked first, in constant time, so a forged link is `forged` whatever its expiry says.
   */
  check(key: string, expires: unknown, signature: unknown, now = Date.now()): LinkCheck {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return 'forged';
    if (typeof signature !== 'string' || signature.length > 200) return 'forged';
    const dot = signature.indexOf('.');
    const secret = dot > 0 ? this.#keys.get(signature.slice(0, dot)) : undefined;
    if (!secret) return 'forged';
    const given = Buffer.from(signature.slice(dot + 1), 'base64url');
    const expected = mac(secret, key, Number(expires));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return Number(expires) * 1000 <= now ? 'expired' : 'valid';
  }
}

function mac(secret: KeyObject, key: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`GET\n${key}\n${expires}`).digest();
}
