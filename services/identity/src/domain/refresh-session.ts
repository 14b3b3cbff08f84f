import { sessionRevoked } from '../events/publishers.ts';
import { findEditorById } from '../store/editor-repository.ts';
import {
  findRefreshTokenForUpdate,
  markRefreshTokenUsed,
  revokeFamily,
} from '../store/session-repository.ts';
import type { IdentityDeps } from './deps.ts';
import { assertRefreshIsValid } from './editor-rules.ts';
import { identityErrors } from './errors.ts';
import { issueTokenPair, type TokenPair } from './issue-token-pair.ts';
import { hashRefreshToken } from './tokens.ts';

type Outcome = { kind: 'rotated'; pair: TokenPair } | { kind: 'reused' } | { kind: 'invalid' };

/**
 * Rotates a refresh token: the presented one is spent and a new pair is issued in the same family.
 * Presenting a spent token again means it was stolen or replayed, so the whole family is revoked —
 * including the newest token — and the caller must log in again.
 */
export async function refreshSession(
  deps: IdentityDeps,
  input: { refreshToken: string },
): Promise<TokenPair> {
  const hash = hashRefreshToken(assertRefreshIsValid(input).refreshToken);
  // The revocation must commit, so the outcome is decided inside the transaction and thrown after it.
  const outcome = await deps.outbox.transaction(async (tx, emit): Promise<Outcome> => {
    const token = await findRefreshTokenForUpdate(tx, hash);
    if (!token) return { kind: 'invalid' };
    if (token.used) {
      // Theft or replay: the whole session ends, its live access tokens included.
      await revokeFamily(tx, token.familyId);
      await emit(sessionRevoked(token.editorId, token.familyId, new Date().toISOString()));
      return { kind: 'reused' };
    }
    if (token.revoked || token.expired) return { kind: 'invalid' };
    const editor = await findEditorById(tx, token.editorId);
    if (!editor?.active) {
      await revokeFamily(tx, token.familyId);
      return { kind: 'invalid' };
    }
    if (!(await markRefreshTokenUsed(tx, token.id))) return { kind: 'reused' };
    return { kind: 'rotated', pair: await issueTokenPair(tx, deps.keys.signer, editor, token.familyId) };
  });
  if (outcome.kind === 'reused') {
    deps.log.warn({ code: 'REFRESH_TOKEN_REUSED' }, 'refresh token reused; session family revoked');
    throw identityErrors.refreshTokenReused();
  }
  if (outcome.kind === 'invalid') throw identityErrors.refreshTokenInvalid();
  return outcome.pair;
}
