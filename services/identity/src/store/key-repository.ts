import type { JWK } from 'jose';
import { isEncryptedSecret, type KeyRing, type Queryable } from '@rcr/platform';

/** A stored signing key pair, as JWKs (the private one decrypted). */
export interface SigningKeyRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

function parsed(value: JWK | string): JWK {
  // jsonb arrives parsed from both adapters; a string is tolerated for safety.
  return typeof value === 'string' ? (JSON.parse(value) as JWK) : value;
}

// The associated data of a private key's envelope: it only decrypts in its own row of this column, so a
// value copied onto another key's row (or into another table) is refused rather than used.
function bindingOf(kid: string): string {
  return `identity.signing_keys.private_jwk:${kid}`;
}

/** Inserts a key as the active one unless another active key exists; true when this one was stored. */
export async function insertActiveSigningKey(
  q: Queryable,
  keyRing: KeyRing,
  key: SigningKeyRecord,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO signing_keys (kid, private_jwk, public_jwk, active) VALUES ($1, $2, $3, true)
     ON CONFLICT DO NOTHING RETURNING kid`,
    [
      key.kid,
      keyRing.encrypt(JSON.stringify(key.privateJwk), bindingOf(key.kid)),
      JSON.stringify(key.publicJwk),
    ],
  );
  return rows.length > 0;
}

/** The key that signs new tokens, if any; fails loudly when its private half does not decrypt. */
export async function findActiveSigningKey(
  q: Queryable,
  keyRing: KeyRing,
): Promise<SigningKeyRecord | undefined> {
  const rows = await q.query<{ kid: string; privateJwk: string; publicJwk: JWK | string }>(
    'SELECT kid, private_jwk AS "privateJwk", public_jwk AS "publicJwk" FROM signing_keys WHERE active',
  );
  const row = rows[0];
  return (
    row && {
      kid: row.kid,
      privateJwk: JSON.parse(keyRing.decrypt(row.privateJwk, bindingOf(row.kid))) as JWK,
      publicJwk: parsed(row.publicJwk),
    }
  );
}

/**
 * Encrypts with the ring's primary key every private key still stored in plain text (written before
 * encryption at rest) or under an older key of the ring, so an upgraded or rotated system ends up with
 * one key in use. The rows are locked: replicas starting together rewrite each row once. Returns the
 * ids of the rows it rewrote.
 */
export async function encryptStoredPrivateKeys(tx: Queryable, keyRing: KeyRing): Promise<string[]> {
  const rows = await tx.query<{ kid: string; privateJwk: string }>(
    'SELECT kid, private_jwk AS "privateJwk" FROM signing_keys ORDER BY kid FOR UPDATE',
  );
  const rewritten: string[] = [];
  for (const row of rows) {
    if (!keyRing.needsReencryption(row.privateJwk)) continue;
    const binding = bindingOf(row.kid);
    const text = isEncryptedSecret(row.privateJwk)
      ? keyRing.decrypt(row.privateJwk, binding)
      : row.privateJwk;
    // Legacy rows hold jsonb's text rendering; store the same compact JSON new rows get.
    const plaintext = JSON.stringify(JSON.parse(text));
    await tx.query('UPDATE signing_keys SET private_jwk = $2 WHERE kid = $1', [
      row.kid,
      keyRing.encrypt(plaintext, binding),
    ]);
    rewritten.push(row.kid);
  }
  return rewritten;
}

/** The public halves of every stored key, oldest first (what the JWKS publishes). */
export async function listPublicKeys(q: Queryable): Promise<{ kid: string; publicJwk: JWK }[]> {
  const rows = await q.query<{ kid: string; publicJwk: JWK | string }>(
    'SELECT kid, public_jwk AS "publicJwk" FROM signing_keys ORDER BY created_at, kid',
  );
  return rows.map((row) => ({ kid: row.kid, publicJwk: parsed(row.publicJwk) }));
}

/** Every stored key, oldest first: its id, whether it signs new tokens, and when it was made. */
export async function listSigningKeys(
  q: Queryable,
): Promise<{ kid: string; active: boolean; createdAt: string }[]> {
  return q.query('SELECT kid, active, created_at AS "createdAt" FROM signing_keys ORDER BY created_at, kid');
}

/** Makes `key` the active key; the previous one stays published (it still verifies the tokens it signed). */
export async function rotateActiveSigningKey(
  q: Queryable,
  keyRing: KeyRing,
  key: SigningKeyRecord,
): Promise<void> {
  await q.query('UPDATE signing_keys SET active = false WHERE active');
  if (!(await insertActiveSigningKey(q, keyRing, key)))
    throw new Error('another active signing key appeared');
}

/** Deletes a key that is not active; false when there is no such inactive key. */
export async function deleteInactiveSigningKey(q: Queryable, kid: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM signing_keys WHERE kid = $1 AND NOT active RETURNING kid', [kid]);
  return rows.length > 0;
}
