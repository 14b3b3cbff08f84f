import { ANY_VERSION, meetsExpectedVersion } from '@rcr/contracts';
import { errors, sameValues, type IdempotentWrite } from '@rcr/platform';
import { cameraDeletedEvent, cameraEvent } from '../events/publishers.ts';
import { findCamera, insertCamera, markCameraDeleted, saveCamera } from '../store/camera-repository.ts';
import { countReviewsOfCamera } from '../store/review-repository.ts';
import {
  assertValidCamera,
  assertValidCameraWithId,
  CAMERA_FIELD_KEYS,
  cameraId,
  type Camera,
  type CameraFields,
} from './camera-rules.ts';
import type { ReviewsDeps } from './deps.ts';

const notFound = () => errors.notFound('CAMERA_NOT_FOUND', 'camera not found');

/** The database's unique violation (another live camera has this brand and model) as CAMERA_EXISTS. */
function brandModelTaken(err: unknown): never {
  if ((err as { code?: string }).code === '23505')
    throw errors.conflict('CAMERA_EXISTS', 'another camera has that brand and model');
  throw err;
}

/** Optimistic concurrency: a stale expected version is rejected. */
function assertCameraVersion(camera: Pick<Camera, 'version'>, expected: number | undefined): void {
  if (!meetsExpectedVersion(camera.version, expected)) {
    throw errors.preconditionFailed('VERSION_MISMATCH', `the camera is at version ${camera.version}`);
  }
}

/** Adds a camera to the catalogue; emits camera.created. Its id is the slug of brand and model. */
export async function createCamera(
  deps: ReviewsDeps,
  input: { brand: string; model: string; type: string; specs?: CameraFields['specs'] },
  /** The request's Idempotency-Key: a retry returns the camera the first attempt created. */
  idempotency?: IdempotentWrite,
): Promise<Camera> {
  const fields = assertValidCamera(input);
  const now = new Date().toISOString();
  const camera: Camera = {
    ...fields,
    id: cameraId(fields.brand, fields.model),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  if (camera.id.length === 0) {
    throw errors.invalid('VALIDATION_FAILED', 'brand and model need letters or digits', [
      { field: 'model', message: 'must contain letters or digits' },
    ]);
  }
  return deps.outbox.transaction(
    async (tx, emit) => {
      const created = await insertCamera(tx, camera).catch(brandModelTaken);
      if (!created)
        throw errors.conflict('CAMERA_EXISTS', `a camera "${fields.brand} ${fields.model}" already exists`);
      await emit(cameraEvent('camera.created', created));
      return created;
    },
    { idempotency },
  );
}

/**
 * Store semantics for a client-chosen id: creates the camera when the id is free (or its camera was
 * deleted) and emits camera.created, or replaces every field of the existing one (specs included, not
 * merged) and emits camera.updated. An expected version requires the camera to exist at that version.
 */
export async function putCamera(
  deps: ReviewsDeps,
  input: { id: string; brand: string; model: string; type: string; specs: CameraFields['specs'] },
  expectedVersion?: number,
): Promise<{ camera: Camera; created: boolean }> {
  const { id, brand, model, type, specs } = assertValidCameraWithId(input);
  return deps.outbox.transaction(async (tx, emit) => {
    const current = await findCamera(tx, id, true);
    const now = new Date().toISOString();
    if (!current) {
      if (expectedVersion !== undefined) {
        throw errors.preconditionFailed(
          'VERSION_MISMATCH',
          expectedVersion === ANY_VERSION
            ? 'the camera does not exist (If-Match: * replaces a camera, never creates one)'
            : `the camera does not exist, so it is not at version ${expectedVersion}`,
        );
      }
      const fresh: Camera = { id, brand, model, type, specs, version: 1, createdAt: now, updatedAt: now };
      const created = await insertCamera(tx, fresh).catch(brandModelTaken);
      // Only a concurrent PUT of the same id can take it between the look-up and the insert.
      if (!created) throw errors.conflict('CAMERA_EXISTS', `a camera "${id}" was just created`);
      await emit(cameraEvent('camera.created', created));
      return { camera: created, created: true };
    }
    assertCameraVersion(current, expectedVersion);
    const next: Camera = {
      ...current,
      brand,
      model,
      type,
      specs,
      version: current.version + 1,
      updatedAt: now,
    };
    // A PUT of what is there: no new version, no event.
    if (sameValues(current, next, CAMERA_FIELD_KEYS)) return { camera: current, created: false };
    await saveCamera(tx, next).catch(brandModelTaken);
    await emit(cameraEvent('camera.updated', next));
    return { camera: next, created: false };
  });
}

/** Changes a camera; `replaceSpecs` replaces the specs object instead of merging it. Emits camera.updated. */
export async function updateCamera(
  deps: ReviewsDeps,
  id: string,
  changes: Partial<CameraFields>,
  options: { replaceSpecs: boolean; expectedVersion?: number | undefined },
): Promise<Camera> {
  return deps.outbox.transaction(async (tx, emit) => {
    const current = await findCamera(tx, id, true);
    if (!current) throw notFound();
    assertCameraVersion(current, options.expectedVersion);
    const specs = options.replaceSpecs
      ? (changes.specs ?? {})
      : { ...current.specs, ...(changes.specs ?? {}) };
    const next: Camera = {
      ...current,
      brand: changes.brand ?? current.brand,
      model: changes.model ?? current.model,
      type: changes.type ?? current.type,
      specs,
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    assertValidCamera(next);
    // Nothing changes (an empty patch, a PUT of what is there): no new version, no event.
    if (sameValues(current, next, CAMERA_FIELD_KEYS)) return current;
    await saveCamera(tx, next).catch(brandModelTaken);
    await emit(cameraEvent('camera.updated', next));
    return next;
  });
}

/** Removes a camera that no review refers to, optionally only at an expected version; emits camera.deleted. */
export async function deleteCamera(deps: ReviewsDeps, id: string, expectedVersion?: number): Promise<void> {
  await deps.outbox.transaction(async (tx, emit) => {
    const current = await findCamera(tx, id, true);
    if (!current) throw notFound();
    assertCameraVersion(current, expectedVersion);
    if ((await countReviewsOfCamera(tx, id)) > 0) {
      throw errors.conflict('CAMERA_HAS_REVIEWS', 'the camera has reviews; delete or move them first');
    }
    await markCameraDeleted(tx, id);
    await emit(cameraDeletedEvent(current));
  });
}
