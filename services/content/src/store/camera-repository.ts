import type { CameraSpecs } from '@rcr/contracts';
import type { Page, Queryable } from '@rcr/platform';
import type { CameraRow } from '../domain/project-camera.ts';

/** A public camera with its review statistics (over currently published reviews). */
export interface CameraSummaryView {
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

/** Filters of the camera list; an undefined filter matches everything. */
export interface CameraFilter {
  /** Matched case-insensitively. */
  brand?: string | undefined;
  type?: string | undefined;
}

/** The stored version of a camera (deleted ones included), or undefined when it is unknown. */
export async function findCameraVersion(db: Queryable, cameraId: string): Promise<number | undefined> {
  const rows = await db.query<{ version: number }>('SELECT version FROM cameras WHERE id = $1', [cameraId]);
  return rows[0]?.version;
}

/** Inserts or replaces a camera; a camera written again is no longer deleted. */
export async function upsertCamera(db: Queryable, camera: CameraRow): Promise<void> {
  await db.query(
    `INSERT INTO cameras (id, brand, model, type, specs, version, deleted) VALUES ($1, $2, $3, $4, $5::jsonb, $6, false)
     ON CONFLICT (id) DO UPDATE SET brand = EXCLUDED.brand, model = EXCLUDED.model, type = EXCLUDED.type,
       specs = EXCLUDED.specs, version = EXCLUDED.version, deleted = false`,
    [camera.id, camera.brand, camera.model, camera.type, JSON.stringify(camera.specs), camera.version],
  );
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

/** One page of non-deleted cameras ordered by brand then model, with their review statistics. */
export async function listCameraSummaries(
  db: Queryable,
  filter: CameraFilter,
  page: Page,
): Promise<CameraSummaryView[]> {
  return db.query<CameraSummaryView>(
    `SELECT ${SUMMARY_COLUMNS}
     FROM cameras cam LEFT JOIN content c ON c.camera_id = cam.id
     WHERE NOT cam.deleted
       AND ($1::text IS NULL OR lower(cam.brand) = lower($1::text))
       AND ($2::text IS NULL OR cam.type = $2::text)
     GROUP BY cam.id
     ORDER BY lower(cam.brand), lower(cam.model), cam.id
     LIMIT $3 OFFSET $4`,
    [filter.brand ?? null, filter.type ?? null, page.limit, page.offset],
  );
}

/** How many non-deleted cameras match the filter. */
export async function countCameras(db: Queryable, filter: CameraFilter): Promise<number> {
  const rows = await db.query<{ total: number }>(
    `SELECT COUNT(*)::int AS total FROM cameras
     WHERE NOT deleted
       AND ($1::text IS NULL OR lower(brand) = lower($1::text))
       AND ($2::text IS NULL OR type = $2::text)`,
    [filter.brand ?? null, filter.type ?? null],
  );
  return rows[0]?.total ?? 0;
}

/** One non-deleted camera with its review statistics, or undefined. */
export async function findCameraSummary(
  db: Queryable,
  cameraId: string,
): Promise<CameraSummaryView | undefined> {
  const rows = await db.query<CameraSummaryView>(
    `SELECT ${SUMMARY_COLUMNS}
     FROM cameras cam LEFT JOIN content c ON c.camera_id = cam.id
     WHERE cam.id = $1 AND NOT cam.deleted
     GROUP BY cam.id`,
    [cameraId],
  );
  return rows[0];
}
