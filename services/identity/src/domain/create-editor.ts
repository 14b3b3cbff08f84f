import { newId, type IdempotentWrite } from '@rcr/platform';
import { editorRegistered } from '../events/publishers.ts';
import { insertEditor } from '../store/editor-repository.ts';
import { toEditor, type Caller, type Editor, type IdentityDeps } from './deps.ts';
import { assertIsAdmin, assertNewEditorIsValid } from './editor-rules.ts';
import { identityErrors } from './errors.ts';
import { hashPassword } from './passwords.ts';

/** Creates an account (admins only) and emits `editor.registered` in the same transaction. */
export async function createEditor(
  deps: IdentityDeps,
  caller: Caller,
  input: { email: string; name: string; password: string; role?: string | undefined },
  /** The request's Idempotency-Key: a retry returns the account the first attempt created. */
  idempotency?: IdempotentWrite,
): Promise<Editor> {
  assertIsAdmin(caller.actor);
  const valid = assertNewEditorIsValid(input);
  const passwordHash = await hashPassword(valid.password);
  return deps.outbox.transaction(
    async (tx, emit) => {
      const record = await insertEditor(tx, {
        id: newId(),
        email: valid.email,
        name: valid.name,
        role: valid.role,
        passwordHash,
      });
      if (!record) throw identityErrors.emailTaken();
      const editor = toEditor(record);
      await emit(editorRegistered(editor, caller.traceparent));
      return editor;
    },
    { idempotency },
  );
}
