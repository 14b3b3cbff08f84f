import type { CameraSpecs } from '@rcr/contracts';
import {
  decodeCursor,
  encodeCursor,
  errors,
  keysetCondition,
  orderBy,
  type Database,
  type Queryable,
} from '@rcr/platform';
import type { CameraQuery, CameraSortField } from '../domain/list-cameras.ts';
import type { CameraRow } from '../domain/project-camera.ts';
import type { SearchWord } from '../domain/search-text.ts';
import { showStreetPrices, type StreetPrices } from '../domain/show-street-prices.ts';
import { rerenderContent } from './content-repository.ts';
import { findStreetPrices } from './price-repository.ts';
import { foldedWords, inSearchTransaction } from './search-sql.ts';
import { SqlParams } from './sql-params.ts';

/** A public camera with its review statistics (over currently published reviews) and street prices. */
export interface CameraSummaryView extends StreetPrices {
  id: string;
  brand: string;
  model: string;
  type: string;
  specs: CameraSpecs;
  version: number;
  /** Mean rating rounded to one decimal; 0 when the camera has no published review. */
  averageRating: number;
  reviewCount: number;
}

/** The stored version of a camera (deleted ones included), or undefined when it is unknown. */
export async function findCameraVersion(db: Queryable, cameraId: string): Promise<number | undefined> {
  const rows = await db.query<{ version: number }>('SELECT version FROM cameras WHERE id = $1', [cameraId]);
  return rows[0]?.version;
}

/**
 * Inserts or replaces a camera; a camera written again is no longer deleted. Its reviews embed its name
 * (in their public JSON and search document): a rename re-renders them in the same transaction.
 */
export async function upsertCamera(db: Queryable, camera: CameraRow): Promise<void> {
  await db.query(
    `INSERT INTO cameras (id, brand, model, type, specs, version, deleted) VALUES ($1, $2, $3, $4, $5::jsonb, $6, false)
     ON CONFLICT (id) DO UPDATE SET brand = EXCLUDED.brand, model = EXCLUDED.model, type = EXCLUDED.type,
       specs = EXCLUDED.specs, version = EXCLUDED.version, deleted = false`,
    [camera.id, camera.brand, camera.model, camera.type, JSON.stringify(camera.specs), camera.version],
  );
  await rerenderContent(db, `c.camera_id = $1 AND c.camera_name IS DISTINCT FROM TRIM($2 || ' ' || $3)`, [
    camera.id,
    camera.brand,
    camera.model,
  ]);
}

/**
 * Marks a camera deleted at a version. An unknown camera gets an empty tombstone row, so its late
 * camera.created (an older version) cannot make it appear.
 */
export async function markCameraDeleted(db: Queryable, cameraId: string, version: number): Promise<void> {
  await db.query(
    `INSERT INTO cameras (id, brand, model, type, specs, version, deleted) VALUES ($1, '', '', '', '{}'::jsonb, $2, true)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, deleted = true`,
    [cameraId, version],
  );
}

const SUMMARY_COLUMNS = `cam.id, cam.brand, cam.model, cam.type, cam.specs, cam.version,
  COALESCE(ROUND(AVG(c.rating), 1), 0) AS "averageRating", COUNT(c.review_id)::int AS "reviewCount"`;

/** Expression of each sort field; names fold like search, byte-ordered so both databases agree. */
const SORT_COLUMNS: Record<CameraSortField, string> = {
  brand: 'search_fold(cam.brand) COLLATE "C"',
  model: 'search_fold(cam.model) COLLATE "C"',
  averageRating: 'COALESCE(ROUND(AVG(c.rating), 1), 0)',
  reviewCount: 'COUNT(c.review_id)',
};

/** The name of an ordering, carried in cursors so a cursor from another sort is refused. */
function orderingName(query: CameraQuery): string {
  return query.sort.map((key) => `${key.descending ? '-' : ''}${key.field}`).join(',');
}

const badCursor = () =>
  errors.invalid('VALIDATION_FAILED', 'the cursor is not valid for this list', [
    { field: 'cursor', message: 'the cursor belongs to another list or sort order' },
  ]);

/**
 * One page of non-deleted cameras matching the query, in its order, with review statistics, the total
 * and the next page's cursor. Sort keys include aggregates, so the keyset applies to the grouped rows.
 */
export async function listCameraSummaries(
  db: Database,
  query: CameraQuery,
): Promise<{ items: CameraSummaryView[]; total: number; nextCursor: string }> {
  return inSearchTransaction(db, async (tx) => {
    const words = await foldedWords(tx, query.text);
    const counting = new SqlParams();
    const totals = await tx.query<{ total: number }>(
      `SELECT COUNT(*)::int AS total FROM cameras cam WHERE ${cameraConditions(query, words, counting)}`,
      counting.values,
    );
    const params = new SqlParams();
    const keys = [
      ...query.sort.map((key, i) => ({
        sql: `s.k${i}`,
        expr: SORT_COLUMNS[key.field],
        descending: key.descending,
      })),
      { sql: 's.kid', expr: 'cam.id', descending: false },
    ];
    const keyColumns = keys.map((k) => `${k.expr} AS ${k.sql.slice(2)}`).join(', ');
    const conditions = cameraConditions(query, words, params);
    let after = '';
    let offset = query.page.offset;
    if (query.cursor !== undefined) {
      const [ordering, ...values] = decodeCursor(query.cursor, keys.length + 1);
      if (ordering !== orderingName(query) || values.some((v) => v === null)) throw badCursor();
      const condition = keysetCondition(keys, values, params.next);
      condition.params.forEach((value) => params.add(value));
      after = `WHERE ${condition.sql}`;
      offset = 0;
    }
    const rows = await tx.query<CameraRowView & Record<string, unknown>>(
      `SELECT * FROM (
         SELECT ${SUMMARY_COLUMNS}, ${keyColumns}
         FROM cameras cam LEFT JOIN content c ON c.camera_id = cam.id
         WHERE ${conditions}
         GROUP BY cam.id
       ) s
       ${after}
       ORDER BY ${orderBy(keys)}
       LIMIT ${params.add(query.page.limit + 1)} OFFSET ${params.add(offset)}`,
      params.values,
    );
    const page = rows.slice(0, query.page.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.page.limit && last
        ? encodeCursor([orderingName(query), ...keys.map((k) => last[k.sql.slice(2)] as string | number)])
        : '';
    for (const row of page) for (const k of keys) delete row[k.sql.slice(2)];
    return { items: await withStreetPrices(tx, page), total: totals[0]?.total ?? 0, nextCursor };
  });
}

/** Non-deleted cameras matching the filters; every search word appears in brand + model, or nearly (typo). */
function cameraConditions(query: CameraQuery, words: readonly SearchWord[], params: SqlParams): string {
  const all = ['NOT cam.deleted'];
  if (query.filter.brand !== undefined)
    all.push(`lower(cam.brand) = lower(${params.add(query.filter.brand)})`);
  if (query.filter.type !== undefined) all.push(`cam.type = ${params.add(query.filter.type)}`);
  // A search text with no word in it (punctuation only) matches nothing, as in content search.
  if (query.text !== undefined && words.length === 0) all.push('false');
  for (const word of words) {
    // Words hold only letters and digits, so they carry no LIKE wildcards.
    const contains = `cam.search_text LIKE ${params.add(`%${word.text}%`)}`;
    all.push(
      word.fuzzy ? `(${contains} OR search_matches(cam.search_text, ${params.add(word.text)}))` : contains,
    );
  }
  return all.join(' AND ');
}

/** The non-deleted cameras among `ids` with their review statistics (unknown or deleted ids are left out). */
export async function findCameraSummaries(
  db: Queryable,
  ids: readonly string[],
): Promise<CameraSummaryView[]> {
  const cameras = await db.query<CameraRowView>(
    `SELECT ${SUMMARY_COLUMNS}
     FROM cameras cam LEFT JOIN content c ON c.camera_id = cam.id
     WHERE cam.id = ANY($1::text[]) AND NOT cam.deleted
     GROUP BY cam.id`,
    [ids],
  );
  return withStreetPrices(db, cameras);
}

/** One non-deleted camera with its review statistics, or undefined. */
export async function findCameraSummary(
  db: Queryable,
  cameraId: string,
): Promise<CameraSummaryView | undefined> {
  const rows = await db.query<CameraRowView>(
    `SELECT ${SUMMARY_COLUMNS}
     FROM cameras cam LEFT JOIN content c ON c.camera_id = cam.id
     WHERE cam.id = $1 AND NOT cam.deleted
     GROUP BY cam.id`,
    [cameraId],
  );
  return (await withStreetPrices(db, rows))[0];
}

/** A camera summary as its query reads it, before its street prices are added. */
type CameraRowView = Omit<CameraSummaryView, keyof StreetPrices>;

/** The cameras with their street prices (one query for all of them), in display order. */
async function withStreetPrices(
  db: Queryable,
  cameras: readonly CameraRowView[],
): Promise<CameraSummaryView[]> {
  const prices = await findStreetPrices(
    db,
    cameras.map((c) => c.id),
  );
  return cameras.map((camera) => ({ ...camera, ...showStreetPrices(prices.get(camera.id) ?? []) }));
}
