import { CameraSpecsSchema, CameraTypeSchema, type CameraSpecs, type CameraType } from '@rcr/contracts';
import { errors } from '@rcr/platform';
import { slugify } from './review-rules.ts';

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

/** The fields an editor writes. */
export type CameraFields = Pick<Camera, 'brand' | 'model' | 'type' | 'specs'>;

type FieldError = { field: string; message: string };

function cameraFieldErrors(fields: {
  brand: string;
  model: string;
  type: string;
  specs: unknown;
}): FieldError[] {
  const errs: FieldError[] = [];
  if (fields.brand.trim().length === 0 || fields.brand.length > 60)
    errs.push({ field: 'brand', message: 'must be 1–60 characters' });
  if (fields.model.trim().length === 0 || fields.model.length > 80)
    errs.push({ field: 'model', message: 'must be 1–80 characters' });
  if (!CameraTypeSchema.safeParse(fields.type).success) {
    errs.push({ field: 'type', message: `must be one of ${CameraTypeSchema.options.join(', ')}` });
  }
  const specs = CameraSpecsSchema.safeParse(fields.specs);
  if (!specs.success) {
    for (const issue of specs.error.issues)
      errs.push({ field: ['specs', ...issue.path].join('.'), message: issue.message });
  } else if (
    specs.data.isoMin !== undefined &&
    specs.data.isoMax !== undefined &&
    specs.data.isoMin > specs.data.isoMax
  ) {
    errs.push({ field: 'specs.isoMin', message: 'must not exceed specs.isoMax' });
  }
  return errs;
}

/** Checks a camera's fields; throws VALIDATION_FAILED listing each bad field. */
export function assertValidCamera(fields: {
  brand: string;
  model: string;
  type: string;
  specs: unknown;
}): asserts fields is CameraFields {
  const errs = cameraFieldErrors(fields);
  if (errs.length > 0) throw errors.invalid('VALIDATION_FAILED', 'the camera has invalid fields', errs);
}

// Ids are URL path segments chosen by clients on PUT: keep them to what slugs look like.
const CAMERA_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** Checks a client-chosen id together with the camera's fields; throws VALIDATION_FAILED listing each. */
export function assertValidCameraWithId(camera: {
  id: string;
  brand: string;
  model: string;
  type: string;
  specs: unknown;
}): asserts camera is CameraFields & { id: string } {
  const errs = cameraFieldErrors(camera);
  if (!CAMERA_ID.test(camera.id)) {
    errs.unshift({
      field: 'id',
      message: 'must be 1–100 lowercase letters, digits or hyphens, not starting with a hyphen',
    });
  }
  if (errs.length > 0) throw errors.invalid('VALIDATION_FAILED', 'the camera has invalid fields', errs);
}

/** A camera's id: the slug of brand and model ("Fujifilm" + "X100VI" → "fujifilm-x100vi"). */
export function cameraId(brand: string, model: string): string {
  return slugify(`${brand} ${model}`);
}
