import type { Queryable } from '@rcr/platform';
import type { EditorRow } from '../domain/project-editor.ts';
import { rerenderContent } from './content-repository.ts';

/**
 * Inserts or replaces an editor's projected row. Their reviews embed their name (in the public JSON): a
 * rename re-renders them in the same transaction.
 */
export async function upsertEditor(db: Queryable, editor: EditorRow): Promise<void> {
  await db.query(
    `INSERT INTO editors (id, name, role, active) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, active = EXCLUDED.active`,
    [editor.id, editor.name, editor.role, editor.active],
  );
  await rerenderContent(db, 'c.author_id = $1 AND c.author_name IS DISTINCT FROM $2', [
    editor.id,
    editor.name,
  ]);
}
