import type { Queryable } from '@rcr/platform';
import type { KnownAggregate } from '../domain/check-inventory.ts';

/**
 * What the read model holds for one inventory range (ids after `after`, up to and including `until`; null
 * bounds are open), compared in byte order as the owner sorted them: reviews by their last applied
 * version (public or not), cameras by version (deleted or not).
 */
export async function knownInRange(
  tx: Queryable,
  kind: 'review' | 'camera',
  after: string | null,
  until: string | null,
): Promise<KnownAggregate[]> {
  const sql =
    kind === 'review'
      ? `SELECT v.review_id AS id, v.version, c.review_id IS NOT NULL AS visible,
           c.camera_id AS "cameraId", c.author_id AS "authorId"
         FROM review_versions v LEFT JOIN content c ON c.review_id = v.review_id
         WHERE ($1::text IS NULL OR v.review_id COLLATE "C" > $1::text COLLATE "C")
           AND ($2::text IS NULL OR v.review_id COLLATE "C" <= $2::text COLLATE "C")`
      : `SELECT id, version, NOT deleted AS visible FROM cameras
         WHERE ($1::text IS NULL OR id COLLATE "C" > $1::text COLLATE "C")
           AND ($2::text IS NULL OR id COLLATE "C" <= $2::text COLLATE "C")`;
  return tx.query<KnownAggregate>(sql, [after, until]);
}
