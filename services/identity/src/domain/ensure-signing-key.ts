import type { Database } from '@rcr/platform';
import { findActiveSigningKey, insertActiveSigningKey, listPublicKeys } from '../store/key-repository.ts';
import { generateSigningKey, jwksDocument, signerOf, type Signer } from './tokens.ts';

/**
 * Loads the active signing key, generating and storing one on first start. When several processes start
 * at once only one insert wins (one active key at most) and all of them then load that same key.
 */
export async function ensureSigningKey(db: Database): Promise<{ signer: Signer; jwks: string }> {
  let active = await findActiveSigningKey(db);
  if (!active) {
    await insertActiveSigningKey(db, await generateSigningKey());
    active = await findActiveSigningKey(db);
  }
  if (!active) throw new Error('no active signing key after creating one');
  return {
    signer: await signerOf(active.kid, active.privateJwk),
    jwks: jwksDocument(await listPublicKeys(db)),
  };
}
