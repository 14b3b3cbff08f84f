import { newId, type Logger, type Outbox, type Queryable } from '@rcr/platform';
import { editorRegistered } from '../events/publishers.ts';
import { findEditorByEmail, insertEditor } from '../store/editor-repository.ts';
import { toEditor } from './deps.ts';
import { assertNewEditorIsValid } from './editor-rules.ts';
import { hashPassword } from './passwords.ts';

/** The first admin account, from configuration. */
export interface BootstrapAdmin {
  email: string;
  name: string;
  /** Absent: no account is created (a warning is logged when no admin exists at all). */
  password: string | undefined;
}

async function anyActiveAdmin(q: Queryable): Promise<boolean> {
  const rows = await q.query("SELECT 1 FROM editors WHERE role = 'admin' AND active LIMIT 1");
  return rows.length > 0;
}

/**
 * Creates the configured admin account unless an account with that email exists, emitting
 * `editor.registered`. Safe across restarts (an existing account, even with a changed password, is left
 * alone) and when two processes start at once (the insert is ON CONFLICT DO NOTHING; only the winner
 * emits the event). Returns true when it created the account.
 */
export async function ensureBootstrapAdmin(
  outbox: Outbox,
  db: Queryable,
  admin: BootstrapAdmin,
  log: Logger,
): Promise<boolean> {
  if (admin.password === undefined) {
    if (!(await anyActiveAdmin(db))) {
      log.warn('no admin account exists and RCR_ADMIN_PASSWORD is not set: nobody can manage editors');
    }
    return false;
  }
  const valid = assertNewEditorIsValid({
    email: admin.email,
    name: admin.name,
    password: admin.password,
    role: 'admin',
  });
  if (await findEditorByEmail(db, valid.email)) return false;
  const passwordHash = await hashPassword(valid.password);
  const created = await outbox.transaction(async (tx, emit) => {
    const record = await insertEditor(tx, {
      id: newId(),
      email: valid.email,
      name: valid.name,
      role: 'admin',
      passwordHash,
    });
    if (record) await emit(editorRegistered(toEditor(record)));
    return record !== undefined;
  });
  if (created) log.info({ email: valid.email }, 'bootstrap admin account created');
  return created;
}
