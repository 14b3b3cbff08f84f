import { errors } from '@rcr/platform';
import { cameraDeletedEvent, cameraEvent } from '../events/publishers.ts';
import { findCamera, insertCamera, markCameraDeleted, saveCamera } from '../store/camera-repository.ts';
import { countReviewsOfCamera } from '../store/review-repository.ts';
import { assertValidCamera, cameraId, type Camera, type CameraFields } from './camera-rules.ts';
import type { ReviewsDeps } from './deps.ts';

const notFound = () => errors.notFound('CAMERA_NOT_FOUND', 'camera not found');

/** Adds a camera to the catalogue; emits camera.created. Its id is the slug of brand and model. */
export async function createCamera(deps: ReviewsDeps, fields: CameraFields): Promise<Camera> {
  assertValidCamera(fields);
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
  return deps.outbox.transaction(async (tx, emit) => {
    if (!(await insertCamera(tx, camera)))
      throw errors.conflict('CAMERA_EXISTS', `a camera "${fields.brand} ${fields.model}" already exists`);
    await emit(cameraEvent('camera.created', camera));
    return camera;
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
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw errors.preconditionFailed('VERSION_MISMATCH', `the camera is at version ${current.version}`);
    }
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
    await saveCamera(tx, next).catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505')
        throw errors.conflict('CAMERA_EXISTS', 'another camera has that brand and model');
      throw err;
    });
    await emit(cameraEvent('camera.updated', next));
    return next;
  });
}

/** Removes a camera that no review refers to; emits camera.deleted. */
export async function deleteCamera(deps: ReviewsDeps, id: string): Promise<void> {
  await deps.outbox.transaction(async (tx, emit) => {
    const current = await findCamera(tx, id, true);
    if (!current) throw notFound();
    if ((await countReviewsOfCamera(tx, id)) > 0) {
      throw errors.conflict('CAMERA_HAS_REVIEWS', 'the camera has reviews; delete or move them first');
    }
    await markCameraDeleted(tx, id);
    await emit(cameraDeletedEvent(current));
  });
}
