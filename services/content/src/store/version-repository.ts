import type { Queryable } from '@rcr/platform';
import type { Watermark } from '../domain/await-versions.ts';
import { CONSUMER } from '../events/subscriptions.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The versions the read model holds for some entities (their `version` in the argument is ignored): for a
 * review the last version applied (also when it left public view), for a camera its version (also when
 * deleted), for an event (by id) version 0 once the projection applied it. Entities it has never seen are left out. One indexed query, whatever the number of entities.
 */
export async function appliedVersions(
  db: Queryable,
  entities: readonly Pick<Watermark, 'kind' | 'id'>[],
): Promise<Watermark[]> {
  const idsOf = (kind: Watermark['kind']) => entities.filter((e) => e.kind === kind).map((e) => e.id);
  const [reviews, cameras] = [idsOf('review'), idsOf('camera')];
  // Event ids are UUIDs; anything else was never applied.
  const events = idsOf('event').filter((id) => UUID.test(id));
  if (reviews.length === 0 && cameras.length === 0 && events.length === 0) return [];
  return db.query<Watermark>(
    `SELECT 'review' AS kind, review_id AS id, version FROM review_versions WHERE review_id = ANY($1::text[])
     UNION ALL
     SELECT 'camera' AS kind, id, version FROM cameras WHERE id = ANY($2::text[])
     UNION ALL
     SELECT DISTINCT 'event' AS kind, event_id::text AS id, 0 AS version FROM applied_events
     WHERE consumer = $4 AND event_id = ANY($3::uuid[])`,
    [reviews, cameras, events, CONSUMER],
  );
}
