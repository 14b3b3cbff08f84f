import type { Queryable } from '@rcr/platform';

/** A partner API key as stored: the key's SHA-256 only, never the key. */
export interface PartnerKeyRecord {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

const COLUMNS = `id, name, prefix, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** Stores a new key by its hash. */
export async function insertPartnerKey(
  q: Queryable,
  key: { id: string; name: string; prefix: string; secretHash: string; createdBy: string },
): Promise<PartnerKeyRecord> {
  const rows = await q.query<PartnerKeyRecord>(
    `INSERT INTO partner_keys (id, name, prefix, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${COLUMNS}`,
    [key.id, key.name, key.prefix, key.secretHash, key.createdBy],
  );
  return rows[0] as PartnerKeyRecord;
}

/** Every key, newest first (a system has a handful: partners, not users). */
export async function listPartnerKeys(q: Queryable): Promise<PartnerKeyRecord[]> {
  return q.query<PartnerKeyRecord>(`SELECT ${COLUMNS} FROM partner_keys ORDER BY created_at DESC, id DESC`);
}

/** The key with this id, revoked or not. */
export async function findPartnerKeyById(q: Queryable, id: string): Promise<PartnerKeyRecord | undefined> {
  const rows = await q.query<PartnerKeyRecord>(`SELECT ${COLUMNS} FROM partner_keys WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * Marks a key revoked (once: a second revocation keeps the first time, and `revokedNow` says whether this
 * one did it); undefined when no key has the id.
 */
export async function revokePartnerKey(
  q: Queryable,
  id: string,
): Promise<{ key: PartnerKeyRecord; revokedNow: boolean } | undefined> {
  // The row lock makes two concurrent revocations take turns: only the first sees it live.
  const rows = await q.query<PartnerKeyRecord & { revokedNow: boolean }>(
    `WITH current AS (SELECT id AS key_id, revoked_at IS NULL AS live FROM partner_keys WHERE id = $1 FOR UPDATE)
     UPDATE partner_keys SET revoked_at = COALESCE(revoked_at, now())
     FROM current WHERE id = current.key_id
     RETURNING ${COLUMNS}, current.live AS "revokedNow"`,
    [id],
  );
  const [row] = rows;
  if (!row) return undefined;
  const { revokedNow, ...key } = row;
  return { key, revokedNow };
}

/** The live (not revoked) key with this hash. */
export async function findLivePartnerKey(
  q: Queryable,
  secretHash: string,
): Promise<PartnerKeyRecord | undefined> {
  const rows = await q.query<PartnerKeyRecord>(
    `SELECT ${COLUMNS} FROM partner_keys WHERE secret_hash = $1 AND revoked_at IS NULL`,
    [secretHash],
  );
  return rows[0];
}
