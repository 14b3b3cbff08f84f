import type { Emit, Queryable } from '@rcr/platform';
import { sessionRevoked } from '../events/publishers.ts';
import {
  findRefreshTokenForUpdate,
  revokeAllOfEditor,
  revokeFamily,
  voidTokensOfEditor,
} from '../store/session-repository.ts';
import type { Caller, IdentityDeps } from './deps.ts';
import { assertIsAuthenticated, assertLogoutIsValid } from './editor-rules.ts';
import { hashRefreshToken } from './tokens.ts';

/**
 * Ends sessions, and with them their live access tokens (gateways learn it from `session.revoked`). With
 * a refresh token, its family (that one login on that one device) is revoked — holding the token is proof
 * enough. Without one, every session of the calling editor is. Unknown or already revoked tokens are not
 * an error: logging out twice is fine.
 */
export async function logout(
  deps: IdentityDeps,
  caller: Caller,
  input: { refreshToken?: string | undefined },
): Promise<void> {
  const token = assertLogoutIsValid(input).refreshToken;
  if (token) {
    await deps.outbox.transaction(async (tx, emit) => {
      const found = await findRefreshTokenForUpdate(tx, hashRefreshToken(token));
      if (!found) return;
      await revokeFamily(tx, found.familyId);
      await emit(
        sessionRevoked(found.editorId, found.familyId, new Date().toISOString(), caller.traceparent),
      );
    });
    return;
  }
  const actor = assertIsAuthenticated(caller.actor);
  await deps.outbox.transaction((tx, emit) => endEverySession(tx, emit, actor.id, caller.traceparent));
}

/**
 * Ends every session of an editor and voids every access token issued so far (logout everywhere,
 * deactivation, a new role or password), in the caller's transaction.
 */
export async function endEverySession(
  tx: Queryable,
  emit: Emit,
  editorId: string,
  traceparent?: string,
): Promise<void> {
  await revokeAllOfEditor(tx, editorId);
  const at = new Date().toISOString();
  await voidTokensOfEditor(tx, editorId, at);
  await emit(sessionRevoked(editorId, null, at, traceparent));
}
