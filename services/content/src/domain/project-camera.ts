import type { CameraSpecs, RcrEvent } from '@rcr/contracts';

/** The camera events this read model projects. */
export type CameraEvent =
  RcrEvent<'camera.created'> | RcrEvent<'camera.updated'> | RcrEvent<'camera.deleted'>;

/** One camera as stored in the read model. */
export interface CameraRow {
  id: string;
  brand: string;
  model: string;
  type: string;
  specs: CameraSpecs;
  version: number;
}

/** The effect of one camera event on the read model. */
export type CameraDecision =
  | { action: 'upsert'; row: CameraRow }
  | { action: 'mark-deleted'; cameraId: string; version: number }
  | { action: 'skip'; reason: 'stale' };

/**
 * Decides what a camera event does, given the stored version (undefined when the camera is unknown).
 * A snapshot applies only when newer than the stored version; a deletion when at least as new.
 */
export function projectCamera(event: CameraEvent, storedVersion: number | undefined): CameraDecision {
  switch (event.type) {
    case 'camera.created':
    case 'camera.updated': {
      if (storedVersion !== undefined && event.data.version <= storedVersion)
        return { action: 'skip', reason: 'stale' };
      const { cameraId, brand, model, type, specs, version } = event.data;
      return { action: 'upsert', row: { id: cameraId, brand, model, type, specs, version } };
    }
    case 'camera.deleted':
      if (storedVersion !== undefined && event.data.version < storedVersion)
        return { action: 'skip', reason: 'stale' };
      return { action: 'mark-deleted', cameraId: event.data.cameraId, version: event.data.version };
  }
}
