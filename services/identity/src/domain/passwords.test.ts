import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('when a password is hashed, then it is argon2id and only the same password verifies', async () => {
    const hash = await hashPassword('correct horse battery');

    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
  });

  it('when the same password is hashed twice, then the hashes differ (salted)', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
  });

  it('when the stored hash is malformed, then verification is false rather than an error', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  it('when checked against the dummy hash, then it resolves without revealing anything', async () => {
    await expect(verifyAgainstDummy('whatever')).resolves.toBeUndefined();
  });
});
