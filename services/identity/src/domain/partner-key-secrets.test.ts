import { describe, expect, it } from 'vitest';
import { hashPartnerKey, looksLikePartnerKey, newPartnerKeySecret } from './partner-key-secrets.ts';

describe('partner key secrets', () => {
  it('when a key is made, then it has the rcrp_ prefix, 256 random bits, a short shown prefix and its SHA-256', () => {
    const { secret, prefix, secretHash } = newPartnerKeySecret();
    expect(secret).toMatch(/^rcrp_[A-Za-z0-9_-]{43}$/);
    expect(looksLikePartnerKey(secret)).toBe(true);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength(11);
    expect(secretHash).toBe(hashPartnerKey(secret));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash).not.toContain(secret.slice(5));
  });

  it('when two keys are made, then they differ', () => {
    expect(newPartnerKeySecret().secret).not.toBe(newPartnerKeySecret().secret);
  });

  it('when a string is not shaped like a key, then it is not taken for one', () => {
    expect(looksLikePartnerKey('')).toBe(false);
    expect(looksLikePartnerKey('rcrp_short')).toBe(false);
    expect(looksLikePartnerKey(`xxxx_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikePartnerKey(`rcrp_${'a'.repeat(42)}!`)).toBe(false);
  });
});
