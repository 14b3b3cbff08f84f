import type { Queryable } from '@rcr/platform';

/** A stored refresh token (by hash), with the state the rotation rules need. */
export interface RefreshTokenRecord {
  id: string;
  editorId: string;
  familyId: string;
  used: boolean;
  revoked: boolean;
  expired: boolean;
}

/** A refresh token to store: only its hash, never the token itself. */
export interface NewRefreshToken {
  id: string;
  editorId: string;
  familyId: string;
  tokenHash: string;
  ttlSeconds: number;
}

/** Stores a refresh token expiring `ttlSeconds` from now (database clock). */
export async function insertRefreshToken(q: Queryable, token: NewRefreshToken): Promise<void> {
  await q.query(
    `INSERT INTO refresh_tokens (id, editor_id, family_id, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + $5 * interval '1 second')`,
    [token.id, token.editorId, token.familyId, token.tokenHash, token.ttlSeconds],
  );
}

/** The token with this hash, row-locked so two concurrent rotations of it are serialised. */
export async function findRefreshTokenForUpdate(
  q: Queryable,
  tokenHash: string,
): Promise<RefreshTokenRecord | undefined> {
  const rows = await q.query<RefreshTokenRecord>(
    `SELECT id, editor_id AS "editorId", family_id AS "familyId", used_at IS NOT NULL AS used,
       revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
     FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return rows[0];
}

/** Marks a token spent; false when it already was (a concurrent rotation won). */
export async function markRefreshTokenUsed(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(
    'UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id',
    [id],
  );
  return rows.length > 0;
}

/** Revokes every token of one family (one login and its rotations). */
export async function revokeFamily(q: Queryable, familyId: string): Promise<void> {
  await q.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}

/** Revokes every token of one editor (all their sessions). */
export async function revokeAllOfEditor(q: Queryable, editorId: string): Promise<void> {
  await q.query('UPDATE refresh_tokens SET revoked_at = now() WHERE editor_id = $1 AND revoked_at IS NULL', [
    editorId,
  ]);
}

/**
 * Voids every access token of an editor issued until `at` — this process's clock, the one that stamps
 * tokens (their UUIDv7 `jti`), so the comparison does not depend on the database's clock.
 */
export async function voidTokensOfEditor(q: Queryable, editorId: string, at: string): Promise<void> {
  await q.query('UPDATE editors SET tokens_valid_after = $2 WHERE id = $1', [editorId, at]);
}

/**
 * What was revoked since `since`: sessions (refresh-token families) and editors whose earlier tokens are
 * void — what a gateway needs to reject live access tokens.
 */
export async function revocationsSince(
  q: Queryable,
  since: string,
): Promise<{
  sessions: { sessionId: string; editorId: string; revokedAt: string }[];
  editors: { editorId: string; validAfter: string }[];
  asOf: string;
}> {
  const sessions = await q.query<{ sessionId: string; editorId: string; revokedAt: string }>(
    `SELECT family_id::text AS "sessionId", editor_id::text AS "editorId", max(revoked_at) AS "revokedAt"
     FROM refresh_tokens WHERE revoked_at >= $1 GROUP BY family_id, editor_id`,
    [since],
  );
  const editors = await q.query<{ editorId: string; validAfter: string }>(
    `SELECT id::text AS "editorId", tokens_valid_after AS "validAfter" FROM editors WHERE tokens_valid_after >= $1`,
    [since],
  );
  const [now] = await q.query<{ asOf: string }>('SELECT now() AS "asOf"');
  return { sessions, editors, asOf: now?.asOf ?? new Date().toISOString() };
}
