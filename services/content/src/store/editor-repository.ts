import type { Queryable } from '@rcr/platform';
import type { EditorRow } from '../domain/project-editor.ts';

/** Inserts or replaces an editor's projected row. */
export async function upsertEditor(db: Queryable, editor: EditorRow): Promise<void> {
  await db.query(
    `INSERT INTO editors (id, name, role, active) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, active = EXCLUDED.active`,
    [editor.id, editor.name, editor.role, editor.active],
  );
}
