import type { Queryable } from '@rcr/platform';
import type { Watermark } from '../domain/await-versions.ts';
import { SqlParams } from './sql-params.ts';

/**
 * Whether the read model has applied every watermark, at its version or a later one: for a review the
 * last version applied (also when it left public view), for a camera its version (also when deleted).
 */
export async function versionsReached(db: Queryable, watermarks: readonly Watermark[]): Promise<boolean> {
  if (watermarks.length === 0) return true;
  const params = new SqlParams();
  const rows = watermarks.map(
    (w) => `(${params.add(w.kind)}::text, ${params.add(w.id)}::text, ${params.add(w.version)}::int)`,
  );
  const result = await db.query<{ pending: number }>(
    `SELECT COUNT(*)::int AS pending FROM (VALUES ${rows.join(', ')}) AS w(kind, id, version)
     WHERE NOT CASE w.kind
       WHEN 'review' THEN EXISTS (
         SELECT 1 FROM review_versions r WHERE r.review_id = w.id AND r.version >= w.version)
       ELSE EXISTS (SELECT 1 FROM cameras cam WHERE cam.id = w.id AND cam.version >= w.version)
     END`,
    params.values,
  );
  return (result[0]?.pending ?? 1) === 0;
}
