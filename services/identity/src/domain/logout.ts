import { findRefreshTokenForUpdate, revokeAllOfEditor, revokeFamily } from '../store/session-repository.ts';
import type { Caller, IdentityDeps } from './deps.ts';
import { assertIsAuthenticated, assertLogoutIsValid } from './editor-rules.ts';
import { hashRefreshToken } from './tokens.ts';

/**
 * Ends sessions. With a refresh token, its family (that one login on that one device) is revoked —
 * holding the token is proof enough. Without one, every session of the calling editor is revoked.
 * Unknown or already revoked tokens are not an error: logging out twice is fine.
 */
export async function logout(
  deps: IdentityDeps,
  caller: Caller,
  input: { refreshToken?: string | undefined },
): Promise<void> {
  const token = assertLogoutIsValid(input).refreshToken;
  if (token) {
    await deps.db.transaction(async (tx) => {
      const found = await findRefreshTokenForUpdate(tx, hashRefreshToken(token));
      if (found) await revokeFamily(tx, found.familyId);
    });
    return;
  }
  const actor = assertIsAuthenticated(caller.actor);
  await revokeAllOfEditor(deps.db, actor.id);
}
