import type { CameraSpecs, CameraType } from '@rcr/contracts';
import type { Queryable } from '@rcr/platform';
import type { Camera } from '../domain/camera-rules.ts';

interface CameraRow {
  id: string;
  brand: string;
  model: string;
  type: CameraType;
  specs: CameraSpecs;
  version: number;
  created_at: string;
  updated_at: string;
}

const toCamera = (r: CameraRow): Camera => ({
  id: r.id,
  brand: r.brand,
  model: r.model,
  type: r.type,
  specs: r.specs,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Loads a camera that has not been deleted; `forUpdate` locks it. */
export async function findCamera(db: Queryable, id: string, forUpdate = false): Promise<Camera | undefined> {
  const rows = await db.query<CameraRow>(
    `SELECT * FROM cameras WHERE id = $1 AND deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] && toCamera(rows[0]);
}

/**
 * Inserts a camera, or brings back a soft-deleted one under the same id; undefined when a live camera
 * already has the id. A brand+model taken by another live camera fails with the database's 23505.
 */
export async function insertCamera(db: Queryable, camera: Camera): Promise<Camera | undefined> {
  // A revived camera continues its version sequence past the camera.deleted event (which carried
  // version + 1), so read models that ignore stale versions take the new camera.created.
  const rows = await db.query<CameraRow>(
    `INSERT INTO cameras (id, brand, model, type, specs, version, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (id) DO UPDATE SET brand = EXCLUDED.brand, model = EXCLUDED.model, type = EXCLUDED.type,
       specs = EXCLUDED.specs, version = cameras.version + 2, created_at = EXCLUDED.created_at,
       updated_at = EXCLUDED.updated_at, deleted_at = NULL
     WHERE cameras.deleted_at IS NOT NULL
     RETURNING *`,
    [
      camera.id,
      camera.brand,
      camera.model,
      camera.type,
      JSON.stringify(camera.specs),
      camera.version,
      camera.createdAt,
      camera.updatedAt,
    ],
  );
  return rows[0] && toCamera(rows[0]);
}

/** Writes a camera's mutable fields (the caller has bumped `version`). */
export async function saveCamera(db: Queryable, camera: Camera): Promise<void> {
  await db.query(
    `UPDATE cameras SET brand=$2, model=$3, type=$4, specs=$5, version=$6, updated_at=$7 WHERE id = $1`,
    [
      camera.id,
      camera.brand,
      camera.model,
      camera.type,
      JSON.stringify(camera.specs),
      camera.version,
      camera.updatedAt,
    ],
  );
}

/** Marks a camera deleted (kept so old reviews still resolve); true when it existed. */
export async function markCameraDeleted(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE cameras SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id',
    [id],
  );
  return rows.length > 0;
}

/** A camera whether deleted or not (anti-entropy needs the deleted ones' versions too). */
export async function findCameraIncludingDeleted(
  db: Queryable,
  id: string,
): Promise<{ camera: Camera; deleted: boolean } | undefined> {
  const rows = await db.query<CameraRow & { deleted_at: string | null }>(
    'SELECT * FROM cameras WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row && { camera: toCamera(row), deleted: row.deleted_at !== null };
}
