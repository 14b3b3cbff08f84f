import { CameraInputSchema, CameraPutInputSchema, type CameraSpecs, type CameraType } from '@rcr/contracts';
import { parseInput, slugify } from './review-rules.ts';

/** A camera in the catalogue. */
export interface Camera {
  id: string;
  brand: string;
  model: string;
  type: CameraType;
  specs: CameraSpecs;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields an editor writes: what a camera write compares to tell a change from a no-op. */
export const CAMERA_FIELD_KEYS = ['brand', 'model', 'type', 'specs'] as const;
export type CameraFields = Pick<Camera, (typeof CAMERA_FIELD_KEYS)[number]>;

const INVALID_CAMERA = 'the camera has invalid fields';

/**
 * Checks a camera's fields with the shared input rules (the ones the gateway applies to POST and PUT
 * /v1/cameras; specs default to none); throws VALIDATION_FAILED listing each bad field.
 */
export function assertValidCamera(fields: {
  brand: string;
  model: string;
  type: string;
  specs?: unknown;
}): CameraFields {
  const { brand, model, type, specs } = fields;
  return parseInput(CameraInputSchema, { brand, model, type, specs }, INVALID_CAMERA);
}

/** Checks a client-chosen id together with the camera's fields; throws VALIDATION_FAILED listing each. */
export function assertValidCameraWithId(camera: {
  id: string;
  brand: string;
  model: string;
  type: string;
  specs?: unknown;
}): CameraFields & { id: string } {
  const { id, brand, model, type, specs } = camera;
  return parseInput(CameraPutInputSchema, { id, brand, model, type, specs }, INVALID_CAMERA);
}

/** A camera's id: the slug of brand and model ("Fujifilm" + "X100VI" → "fujifilm-x100vi"). */
export function cameraId(brand: string, model: string): string {
  return slugify(`${brand} ${model}`);
}
