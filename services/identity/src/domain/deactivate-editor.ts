import { editorUpdated } from '../events/publishers.ts';
import { findEditorById, lockActiveAdminIds, updateEditor } from '../store/editor-repository.ts';
import { revokeAllOfEditor } from '../store/session-repository.ts';
import { endEverySession } from './logout.ts';
import { toEditor, type Caller, type IdentityDeps } from './deps.ts';
import { assertAnAdminRemains, assertIsAdmin, isUuid } from './editor-rules.ts';
import { identityErrors } from './errors.ts';

/**
 * Deactivates an account (admins only): it can no longer log in or refresh, and its sessions are
 * revoked at once. Idempotent: deactivating an inactive account changes nothing and emits nothing.
 */
export async function deactivateEditor(
  deps: IdentityDeps,
  caller: Caller,
  input: { id: string },
): Promise<void> {
  assertIsAdmin(caller.actor);
  if (!isUuid(input.id)) throw identityErrors.editorNotFound();
  await deps.outbox.transaction(async (tx, emit) => {
    const adminIds = await lockActiveAdminIds(tx);
    const current = await findEditorById(tx, input.id, true);
    if (!current) throw identityErrors.editorNotFound();
    await revokeAllOfEditor(tx, current.id);
    if (!current.active) return;
    assertAnAdminRemains(adminIds, current, { role: current.role, active: false });
    const updated = await updateEditor(tx, current.id, { active: false });
    if (!updated) throw identityErrors.editorNotFound();
    await emit(editorUpdated(toEditor(updated), caller.traceparent));
    await endEverySession(tx, emit, current.id, caller.traceparent);
  });
}
