import { newId } from '@rcr/platform';
import { findEditorByEmail } from '../store/editor-repository.ts';
import type { IdentityDeps } from './deps.ts';
import { assertCredentialsAreBounded, normaliseEmail } from './editor-rules.ts';
import { identityErrors } from './errors.ts';
import { issueTokenPair, type TokenPair } from './issue-token-pair.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';

/**
 * Checks an email and password and starts a session (a new refresh-token family). Every failure —
 * unknown email, wrong password, inactive account — gives the same INVALID_CREDENTIALS after the same
 * amount of hashing work, so neither the answer nor its timing tells which emails have accounts.
 */
export async function login(
  deps: IdentityDeps,
  input: { email: string; password: string },
): Promise<TokenPair> {
  const { email, password } = assertCredentialsAreBounded(input);
  const editor = await findEditorByEmail(deps.db, normaliseEmail(email));
  if (!editor) {
    await verifyAgainstDummy(password);
    throw identityErrors.invalidCredentials();
  }
  const matches = await verifyPassword(editor.passwordHash, password);
  if (!matches || !editor.active) throw identityErrors.invalidCredentials();
  return deps.db.transaction((tx) => issueTokenPair(tx, deps.keys.signer, editor, newId()));
}
