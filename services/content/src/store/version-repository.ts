import type { Queryable } from '@rcr/platform';
import type { Watermark } from '../domain/await-versions.ts';

/**
 * The versions the read model holds for some entities (their `version` in the argument is ignored): for a
 * review the last version applied (also when it left public view), for a camera its version (also when
 * deleted). Entities it has never seen are left out. One indexed query, whatever the number of entities.
 */
export async function appliedVersions(
  db: Queryable,
  entities: readonly Pick<Watermark, 'kind' | 'id'>[],
): Promise<Watermark[]> {
  const reviews = entities.filter((e) => e.kind === 'review').map((e) => e.id);
  const cameras = entities.filter((e) => e.kind === 'camera').map((e) => e.id);
  if (reviews.length === 0 && cameras.length === 0) return [];
  return db.query<Watermark>(
    `SELECT 'review' AS kind, review_id AS id, version FROM review_versions WHERE review_id = ANY($1::text[])
     UNION ALL
     SELECT 'camera' AS kind, id, version FROM cameras WHERE id = ANY($2::text[])`,
    [reviews, cameras],
  );
}
