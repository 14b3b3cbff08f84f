import DataLoader from 'dataloader';
import { presentCameraSummary, presentEditor } from '../rest/present.ts';
import type { Upstreams } from '../upstream/clients.ts';
import type { Calls } from './context.ts';

export type CameraSummary = ReturnType<typeof presentCameraSummary>;
export type EditorAccount = ReturnType<typeof presentEditor>;

/**
 * Per-operation loaders: each camera and each editor is fetched at most once per operation, however
 * many reviews refer to it, and all the fetches one resolver tick asks for start together: cameras in one
 * GetCameras call per batch; editors (identity has no multi-id read) one concurrent call per distinct id.
 */
export interface Loaders {
  /** A camera of the read model with its score; null when unknown. */
  camera: DataLoader<string, CameraSummary | null>;
  /** An editor account, as the caller may see it (admins, or the editor themself; else FORBIDDEN). */
  editor: DataLoader<string, EditorAccount>;
}

/** The most cameras content's GetCameras answers in one call. */
const MAX_CAMERA_BATCH = 100;

/** A failed load as DataLoader wants it: the error in the result, so other keys still load. */
const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

export function createLoaders(upstreams: Upstreams, calls: Calls): Loaders {
  return {
    // One GetCameras call per batch (at most MAX_CAMERA_BATCH ids; DataLoader splits larger batches).
    camera: new DataLoader<string, CameraSummary | null>(
      async (ids) => {
        const found = await upstreams.call('content', 'GetCameras', { ids: [...ids] }, calls.anonymous());
        const byId = new Map(found.items.map((camera) => [camera.id, presentCameraSummary(camera)]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: MAX_CAMERA_BATCH },
    ),
    editor: new DataLoader<string, EditorAccount>(async (ids) => {
      const meta = await calls.authenticated();
      return Promise.all(
        ids.map((id) => upstreams.call('identity', 'GetEditor', { id }, meta).then(presentEditor, asError)),
      );
    }),
  };
}
