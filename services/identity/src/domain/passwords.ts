import { randomBytes } from 'node:crypto';
import { argon2id, hash, verify } from 'argon2';

// OWASP's recommended argon2id settings (19 MiB, 2 passes, 1 lane): ~50 ms per hash on a laptop.
const OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let dummyHash: Promise<string> | undefined;

// Passwords are hashed in Unicode normalisation form NFKC (NIST SP 800-63B §3.1.1.2): "ñ" typed as one
// code point on one keyboard and as "n" + a combining tilde on another is the same password.

/** Hashes a password with argon2id (salted, PHC string), normalised to NFKC first. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), OPTIONS);
}

/**
 * True when the password matches the hash; false (never a throw) for a malformed hash. A password that
 * NFKC changes is also tried as typed, for hashes made before passwords were normalised.
 */
export async function verifyPassword(digest: string, password: string): Promise<boolean> {
  const normalised = password.normalize('NFKC');
  try {
    if (await verify(digest, normalised)) return true;
    return normalised !== password && (await verify(digest, password));
  } catch {
    return false;
  }
}

/**
 * Spends the same time as a real verification, for logins with an unknown email, so response time
 * does not reveal which emails have accounts. Call once at start-up to pay the set-up cost early.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(await dummyHash, password);
}
