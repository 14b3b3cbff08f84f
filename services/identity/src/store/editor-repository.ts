import { keysetPage, type KeyColumn, type Queryable } from '@rcr/platform';
import type { Role } from '@rcr/contracts';
import type { EditorSortField } from '../domain/editor-rules.ts';

/** An editor account as stored, including its password hash (never leaves the service). */
export interface EditorRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields written when an account is created. */
export interface NewEditorRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

/** The fields an update may change; absent ones keep their value. */
export interface EditorChanges {
  name?: string | undefined;
  role?: Role | undefined;
  passwordHash?: string | undefined;
  active?: boolean | undefined;
}

const COLUMNS = `id, email, name, role, password_hash AS "passwordHash", active, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Inserts an account; resolves undefined when the email is already taken (left untouched). */
export async function insertEditor(q: Queryable, editor: NewEditorRecord): Promise<EditorRecord | undefined> {
  const rows = await q.query<EditorRecord>(
    `INSERT INTO editors (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
    [editor.id, editor.email, editor.name, editor.role, editor.passwordHash],
  );
  return rows[0];
}

/** The account with this id, locked for update when `forUpdate` (inside a transaction). */
export async function findEditorById(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<EditorRecord | undefined> {
  const rows = await q.query<EditorRecord>(
    `SELECT ${COLUMNS} FROM editors WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** The account with this (already lowercased) email. */
export async function findEditorByEmail(q: Queryable, email: string): Promise<EditorRecord | undefined> {
  const rows = await q.query<EditorRecord>(`SELECT ${COLUMNS} FROM editors WHERE email = $1`, [email]);
  return rows[0];
}

/** Which accounts a list shows; an undefined filter matches everything. */
export interface EditorFilter {
  role?: Role | undefined;
  active?: boolean | undefined;
}

const SORT_COLUMNS: Record<EditorSortField, Omit<KeyColumn, 'descending'>> = {
  createdAt: { sql: 'created_at', kind: 'timestamp' },
  name: { sql: 'name', kind: 'text' },
  email: { sql: 'email', kind: 'text' },
  role: { sql: 'role', kind: 'text' },
};

/**
 * One page of accounts matching the filter in the given order (ties broken by id in the direction of the
 * last key), after a cursor or at an offset, with the filtered total and the next page's cursor.
 */
export async function listEditors(
  q: Queryable,
  filter: EditorFilter,
  page: {
    sort: readonly { field: EditorSortField; descending: boolean }[];
    cursor?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: EditorRecord[]; total: number; nextCursor: string }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.role !== undefined) {
    params.push(filter.role);
    where.push(`role = $${params.length}`);
  }
  if (filter.active !== undefined) {
    params.push(filter.active);
    where.push(`active = $${params.length}`);
  }
  const keys: KeyColumn[] = page.sort.map((key) => ({
    ...SORT_COLUMNS[key.field],
    descending: key.descending,
  }));
  keys.push({ sql: 'id', kind: 'uuid', descending: page.sort.at(-1)?.descending ?? false });
  const { rows, total, nextCursor } = await keysetPage<EditorRecord>(q, {
    select: COLUMNS,
    from: 'editors',
    where,
    params,
    keys,
    ordering: page.sort.map((key) => `${key.descending ? '-' : ''}${key.field}`).join(','),
    cursor: page.cursor,
    limit: page.limit,
    offset: page.offset,
  });
  return { items: rows, total, nextCursor };
}

/** Ids of the active admins, locked so two concurrent demotions cannot both see "another admin left". */
export async function lockActiveAdminIds(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    "SELECT id FROM editors WHERE role = 'admin' AND active ORDER BY id FOR UPDATE",
  );
  return rows.map((row) => row.id);
}

/** Applies changes, bumps the version and returns the new state (undefined when the id is unknown). */
export async function updateEditor(
  q: Queryable,
  id: string,
  changes: EditorChanges,
): Promise<EditorRecord | undefined> {
  const rows = await q.query<EditorRecord>(
    `UPDATE editors SET
       name = COALESCE($2, name),
       role = COALESCE($3, role),
       password_hash = COALESCE($4, password_hash),
       active = COALESCE($5, active),
       version = version + 1,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, changes.name ?? null, changes.role ?? null, changes.passwordHash ?? null, changes.active ?? null],
  );
  return rows[0];
}
