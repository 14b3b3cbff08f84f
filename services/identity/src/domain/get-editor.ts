import { findEditorById } from '../store/editor-repository.ts';
import { toEditor, type Caller, type Editor, type IdentityDeps } from './deps.ts';
import { assertCanViewEditor, isUuid } from './editor-rules.ts';
import { identityErrors } from './errors.ts';

/** One account, for an admin or for the editor themself (`GET /v1/me`). */
export async function getEditor(deps: IdentityDeps, caller: Caller, input: { id: string }): Promise<Editor> {
  assertCanViewEditor(caller.actor, input.id);
  const record = isUuid(input.id) ? await findEditorById(deps.db, input.id) : undefined;
  if (!record) throw identityErrors.editorNotFound();
  return toEditor(record);
}
