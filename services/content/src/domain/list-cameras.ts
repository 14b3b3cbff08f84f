import { CAMERA_SORT_FIELDS } from '@rcr/contracts';
import { errors, paginate, parseSort, type Page } from '@rcr/platform';
import { searchText } from './search-text.ts';

/** Sort fields of the camera list, in API terms. */
export type CameraSortField = (typeof CAMERA_SORT_FIELDS)[number];

/** One key of the camera list's order. */
export interface CameraSortKey {
  field: CameraSortField;
  descending: boolean;
}

/** What a camera list request asks for, as the API sends it (the proto message has this shape). */
export interface CameraListRequest {
  page?: number | undefined;
  limit?: number | undefined;
  brand?: string | undefined;
  type?: string | undefined;
  sort?: readonly string[] | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
}

/** A validated camera list request. */
export interface CameraQuery {
  /** Brand matched case-insensitively; type exactly; undefined matches everything. */
  filter: { brand?: string | undefined; type?: string | undefined };
  /** Text matched against brand and model (the database folds it). */
  text: string | undefined;
  sort: CameraSortKey[];
  page: Page;
  /** Opaque cursor of the previous page (replaces the offset). */
  cursor: string | undefined;
}

const FALLBACK_SORT: CameraSortKey[] = [
  { field: 'brand', descending: false },
  { field: 'model', descending: false },
];

/** Validates a camera list request: an unknown sort field → VALIDATION_FAILED on `sort`, too long a `q` on `q`. */
export function parseCameraQuery(request: CameraListRequest): CameraQuery {
  const fieldErrors: { field: string; message: string }[] = [];
  const text = searchText(request.q, 'q', fieldErrors);
  if (fieldErrors.length > 0) {
    throw errors.invalid('VALIDATION_FAILED', 'the list request is not valid', fieldErrors);
  }
  return {
    filter: { brand: request.brand || undefined, type: request.type || undefined },
    text,
    sort: parseSort(request.sort ?? [], CAMERA_SORT_FIELDS, FALLBACK_SORT) as CameraSortKey[],
    page: paginate(request),
    cursor: request.cursor || undefined,
  };
}

/** Most cameras one batched read (GetCameras) may ask for. */
export const MAX_CAMERAS_PER_BATCH = 100;

/**
 * The ids of a batched camera read, distinct and trimmed: 1 to MAX_CAMERAS_PER_BATCH non-blank ids of at
 * most 200 characters (INVALID_ARGUMENT otherwise). Duplicates are folded, not refused: a batch loader may
 * ask for what it was asked.
 */
export function parseCameraIds(ids: readonly string[]): string[] {
  const distinct = [...new Set(ids.map((id) => id.trim()))];
  const problem = distinct.some((id) => id.length === 0 || id.length > 200)
    ? 'camera ids are 1 to 200 characters'
    : distinct.length === 0 || distinct.length > MAX_CAMERAS_PER_BATCH
      ? `ask for 1 to ${MAX_CAMERAS_PER_BATCH} cameras (got ${distinct.length})`
      : undefined;
  if (problem) {
    throw errors.invalid('VALIDATION_FAILED', 'the camera ids are not valid', [
      { field: 'ids', message: problem },
    ]);
  }
  return distinct;
}
