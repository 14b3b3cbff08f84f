import type { JWK } from 'jose';
import type { Queryable } from '@rcr/platform';

/** A stored signing key pair, as JWKs. */
export interface SigningKeyRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

function parsed(value: JWK | string): JWK {
  // jsonb arrives parsed from both adapters; a string is tolerated for safety.
  return typeof value === 'string' ? (JSON.parse(value) as JWK) : value;
}

/** Inserts a key as the active one unless another active key exists; true when this one was stored. */
export async function insertActiveSigningKey(q: Queryable, key: SigningKeyRecord): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO signing_keys (kid, private_jwk, public_jwk, active) VALUES ($1, $2, $3, true)
     ON CONFLICT DO NOTHING RETURNING kid`,
    [key.kid, JSON.stringify(key.privateJwk), JSON.stringify(key.publicJwk)],
  );
  return rows.length > 0;
}

/** The key that signs new tokens, if any. */
export async function findActiveSigningKey(q: Queryable): Promise<SigningKeyRecord | undefined> {
  const rows = await q.query<{ kid: string; privateJwk: JWK | string; publicJwk: JWK | string }>(
    'SELECT kid, private_jwk AS "privateJwk", public_jwk AS "publicJwk" FROM signing_keys WHERE active',
  );
  const row = rows[0];
  return row && { kid: row.kid, privateJwk: parsed(row.privateJwk), publicJwk: parsed(row.publicJwk) };
}

/** The public halves of every stored key, oldest first (what the JWKS publishes). */
export async function listPublicKeys(q: Queryable): Promise<{ kid: string; publicJwk: JWK }[]> {
  const rows = await q.query<{ kid: string; publicJwk: JWK | string }>(
    'SELECT kid, public_jwk AS "publicJwk" FROM signing_keys ORDER BY created_at, kid',
  );
  return rows.map((row) => ({ kid: row.kid, publicJwk: parsed(row.publicJwk) }));
}
