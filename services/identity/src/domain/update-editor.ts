import { meetsExpectedVersion } from '@rcr/contracts';
import { editorUpdated } from '../events/publishers.ts';
import {
  findEditorById,
  lockActiveAdminIds,
  updateEditor as storeUpdate,
} from '../store/editor-repository.ts';
import { endEverySession } from './logout.ts';
import { toEditor, type Caller, type Editor, type IdentityDeps } from './deps.ts';
import {
  assertAnAdminRemains,
  assertEditorChangesAreValid,
  assertIsAdmin,
  assertPasswordFitsAccount,
  isUuid,
} from './editor-rules.ts';
import { identityErrors } from './errors.ts';
import { hashPassword } from './passwords.ts';

/**
 * Changes an account's name, role, password or active flag (admins only), bumping its version and
 * emitting `editor.updated`. A new password or deactivation ends the account's sessions; the last
 * active admin cannot be demoted or deactivated. A request with no changes returns the account as is.
 * With `expectedVersion` (If-Match) the account must be at that version, else VERSION_MISMATCH.
 */
export async function updateEditor(
  deps: IdentityDeps,
  caller: Caller,
  input: {
    id: string;
    name?: string | undefined;
    role?: string | undefined;
    password?: string | undefined;
    active?: boolean | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<Editor> {
  assertIsAdmin(caller.actor);
  const { id, expectedVersion, ...changes } = input;
  const valid = assertEditorChangesAreValid(changes);
  if (!isUuid(id)) throw identityErrors.editorNotFound();
  const passwordHash = valid.password === undefined ? undefined : await hashPassword(valid.password);
  const nothingToChange = Object.values(valid).every((value) => value === undefined);

  return deps.outbox.transaction(async (tx, emit) => {
    const adminIds = await lockActiveAdminIds(tx);
    const current = await findEditorById(tx, id, true);
    if (!current) throw identityErrors.editorNotFound();
    if (!meetsExpectedVersion(current.version, expectedVersion)) {
      throw identityErrors.versionMismatch(current.version);
    }
    if (nothingToChange) return toEditor(current);
    if (valid.password !== undefined)
      assertPasswordFitsAccount(valid.password, { email: current.email, name: valid.name ?? current.name });
    assertAnAdminRemains(adminIds, current, {
      role: valid.role ?? current.role,
      active: valid.active ?? current.active,
    });
    const updated = await storeUpdate(tx, id, {
      name: valid.name,
      role: valid.role,
      passwordHash,
      active: valid.active,
    });
    if (!updated) throw identityErrors.editorNotFound();
    const editor = toEditor(updated);
    await emit(editorUpdated(editor, caller.traceparent));
    // A new password, a new role or deactivation ends every session and voids the live access tokens
    // (they carry the old role); the editor signs in again.
    const roleChanged = updated.role !== current.role;
    if (passwordHash !== undefined || !updated.active || roleChanged) {
      await endEverySession(tx, emit, id, caller.traceparent);
    }
    return editor;
  });
}
