import type { Database, KeyRing, Logger } from '@rcr/platform';
import {
  encryptStoredPrivateKeys,
  findActiveSigningKey,
  insertActiveSigningKey,
  listPublicKeys,
} from '../store/key-repository.ts';
import { generateSigningKey, jwksDocument, signerOf, type Signer } from './tokens.ts';

/**
 * Loads the active signing key, generating and storing one on first start. Private keys are stored
 * encrypted with `keyRing`; any found in plain text (from before encryption at rest) or under a retired
 * key are re-encrypted first. When several processes start at once only one insert wins (one active
 * key at most) and all of them then load that same key. A key that does not decrypt stops the start.
 */
export async function ensureSigningKey(
  db: Database,
  keyRing: KeyRing,
  log: Logger,
): Promise<{ signer: Signer; jwks: string }> {
  const rewritten = await db.transaction((tx) => encryptStoredPrivateKeys(tx, keyRing));
  if (rewritten.length > 0)
    log.info({ kids: rewritten, encryptionKid: keyRing.primaryKid }, 'signing keys re-encrypted at rest');
  let active = await findActiveSigningKey(db, keyRing);
  if (!active) {
    await insertActiveSigningKey(db, keyRing, await generateSigningKey());
    active = await findActiveSigningKey(db, keyRing);
  }
  if (!active) throw new Error('no active signing key after creating one');
  return {
    signer: await signerOf(active.kid, active.privateJwk),
    jwks: jwksDocument(await listPublicKeys(db)),
  };
}
