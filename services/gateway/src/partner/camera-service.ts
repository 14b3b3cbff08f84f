import type * as grpc from '@grpc/grpc-js';
import { CameraInputSchema, fieldErrorsOf, type PartnerV1 } from '@rcr/contracts';
import { AppError, type Logger } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import { unstorableTextError } from '../input-hygiene.ts';
import type { Upstreams } from '../upstream/clients.ts';
import { callMetaOf, statusOf } from './calls.ts';
import { adminOf } from './credentials.ts';

/** What the partner CameraService needs from the gateway. */
export interface PartnerCameraDeps {
  upstreams: Upstreams;
  verifier: TokenVerifier;
  log: Logger;
}

/** Field errors as one line of an import summary. */
function fieldList(fields: readonly { field: string; message: string }[]): string {
  return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
}

/** Most cameras one ImportCameras call creates; the rest of its stream is reported as failed rows. */
export const MAX_IMPORTED_CAMERAS = 1000;

/** A streamed camera as the body POST /v1/cameras takes (proto-loader's oneof markers dropped). */
function cameraInputOf(spec: PartnerV1.CameraSpec__Output) {
  const specs = Object.fromEntries(
    Object.entries(spec.specs ?? {}).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null),
  );
  return { brand: spec.brand, model: spec.model, type: spec.type, specs };
}

/**
 * The partner CameraService (admins). ImportCameras creates each streamed camera with the call REST's
 * POST /v1/cameras makes, after the same input rules, one after the other in stream order; a row that
 * fails is reported by its index and does not stop the import.
 */
export function partnerCameraService(deps: PartnerCameraDeps): PartnerV1.CameraServiceHandlers {
  return {
    ImportCameras: (call, callback) => {
      const meta = callMetaOf(call);
      const run = async (): Promise<PartnerV1.ImportCamerasSummary> => {
        const actor = await adminOf(call.metadata, deps.verifier, meta.requestId);
        const summary = {
          created: 0,
          failed: 0,
          createdIds: [] as string[],
          errors: [] as PartnerV1.ImportError[],
        };
        const fail = (index: number, code: string, message: string) => {
          summary.failed += 1;
          summary.errors.push({ index, code, message });
        };
        let index = 0;
        for await (const spec of call as AsyncIterable<PartnerV1.CameraSpec__Output>) {
          const row = index++;
          if (row >= MAX_IMPORTED_CAMERAS) {
            fail(row, 'IMPORT_TOO_LARGE', `at most ${MAX_IMPORTED_CAMERAS} cameras per import`);
            continue;
          }
          const unstorable = unstorableTextError(spec, 'camera');
          if (unstorable) {
            fail(row, unstorable.code, fieldList(unstorable.fields));
            continue;
          }
          const input = CameraInputSchema.safeParse(cameraInputOf(spec));
          if (!input.success) {
            fail(row, 'VALIDATION_FAILED', fieldList(fieldErrorsOf(input.error)));
            continue;
          }
          try {
            const camera = await deps.upstreams.call('reviews', 'CreateCamera', input.data, {
              ...meta,
              actor,
            });
            summary.created += 1;
            summary.createdIds.push(camera.id);
          } catch (err) {
            // Every row's outcome is in the summary, even when a service was away for it (retry those).
            if (!(err instanceof AppError)) throw err;
            fail(row, err.code, err.message);
          }
        }
        deps.log.info(
          { requestId: meta.requestId, by: actor.id, ...summary, errors: undefined },
          'cameras imported',
        );
        return summary;
      };
      run().then(
        (summary) => callback(null, summary),
        (err: unknown) =>
          callback(statusOf(err, deps.log, call as unknown as grpc.ServerUnaryCall<unknown, unknown>, meta)),
      );
    },
  };
}
