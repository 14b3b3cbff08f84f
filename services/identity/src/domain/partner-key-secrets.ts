import { createHash, randomBytes } from 'node:crypto';
import { PARTNER_KEY_LIMITS } from '@rcr/contracts';

/** How many characters of a key (after `rcrp_`) are kept in clear to tell keys apart. */
const SHOWN_CHARACTERS = 6;

/** A new key: `rcrp_` + 32 random bytes (256 bits) in base64url, its shown prefix and its SHA-256. */
export function newPartnerKeySecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = `${PARTNER_KEY_LIMITS.prefix}${randomBytes(32).toString('base64url')}`;
  return {
    secret,
    prefix: secret.slice(0, PARTNER_KEY_LIMITS.prefix.length + SHOWN_CHARACTERS),
    secretHash: hashPartnerKey(secret),
  };
}

/**
 * The stored form of a key: SHA-256 in hex. A key has 256 random bits, so a fast hash is enough (no
 * password stretching): the table alone gives nobody a usable key.
 */
export function hashPartnerKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const KEY_SHAPE = new RegExp(`^${PARTNER_KEY_LIMITS.prefix}[A-Za-z0-9_-]{43}$`);

/** Whether a string has the shape of a partner key (anything else is refused without a lookup). */
export function looksLikePartnerKey(value: string): boolean {
  return value.length === PARTNER_KEY_LIMITS.length && KEY_SHAPE.test(value);
}
