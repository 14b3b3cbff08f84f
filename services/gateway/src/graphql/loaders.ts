import { AppError } from '@rcr/platform';
import DataLoader from 'dataloader';
import { presentCameraSummary, presentEditor } from '../rest/present.ts';
import type { Upstreams } from '../upstream/clients.ts';
import type { Calls } from './context.ts';

export type CameraSummary = ReturnType<typeof presentCameraSummary>;
export type EditorAccount = ReturnType<typeof presentEditor>;

/**
 * Per-operation loaders: each camera and each editor is fetched at most once per operation, however
 * many reviews refer to it, and all the fetches one resolver tick asks for start together. The services
 * have no multi-id reads, so a batch is one concurrent call per distinct id (see docs/design.md, GraphQL).
 */
export interface Loaders {
  /** A camera of the read model with its score; null when unknown. */
  camera: DataLoader<string, CameraSummary | null>;
  /** An editor account, as the caller may see it (admins, or the editor themself; else FORBIDDEN). */
  editor: DataLoader<string, EditorAccount>;
}

/** A failed load as DataLoader wants it: the error in the result, so other keys still load. */
const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

export function createLoaders(upstreams: Upstreams, calls: Calls): Loaders {
  return {
    camera: new DataLoader<string, CameraSummary | null>((ids) =>
      Promise.all(
        ids.map((id) =>
          upstreams.call('content', 'GetCamera', { id }, calls.anonymous()).then(
            (camera) => presentCameraSummary(camera),
            (err: unknown) => (err instanceof AppError && err.kind === 'not-found' ? null : asError(err)),
          ),
        ),
      ),
    ),
    editor: new DataLoader<string, EditorAccount>(async (ids) => {
      const meta = await calls.authenticated();
      return Promise.all(
        ids.map((id) => upstreams.call('identity', 'GetEditor', { id }, meta).then(presentEditor, asError)),
      );
    }),
  };
}
