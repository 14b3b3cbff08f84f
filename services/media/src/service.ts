import { fileURLToPath } from 'node:url';
import {
  LinkSigner,
  openObjectStore,
  resolveKeyRing,
  startService,
  type RunningService,
  type StartServiceOptions,
} from '@rcr/platform';
import { protos, type MediaV1 } from '@rcr/contracts';
import { mediaHandlers } from './api/grpc-handlers.ts';
import type { MediaConfig } from './config.ts';
import type { MediaDeps } from './domain/deps.ts';
import { subscribeProjection } from './events/subscriptions.ts';
import { subscribeRenditions } from './events/worker.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * Starts the media service: key ring (signed image links, keyed apart from the jobs service's file
 * links), bucket, database, the projection of reviews (who may change a review's images), the
 * renditions worker on its queue, then the gRPC server. `stop()` undoes it in reverse order.
 */
export async function startMediaService(options: StartServiceOptions<MediaConfig>): Promise<RunningService> {
  const { keyRing } = await resolveKeyRing(options.config);
  return startService<MediaConfig, MediaV1.MediaServiceHandlers>(
    {
      name: 'media',
      migrationsDir: MIGRATIONS_DIR,
      grpc: { serviceName: 'rcr.media.v1.MediaService', definition: protos.media.MediaService.service },
      setup: async ({ db, bus, outbox, config, log, faults, onStop }) => {
        const bucket = await openObjectStore(config);
        onStop('bucket', () => bucket.close());
        const deps: MediaDeps = {
          db,
          outbox,
          bucket,
          links: new LinkSigner(keyRing.macKeys('image links')),
          log,
          faults,
          settings: {
            maxBytes: config.RCR_MEDIA_MAX_BYTES,
            maxPixels: config.RCR_MEDIA_MAX_PIXELS,
            linkTtlMs: config.RCR_MEDIA_LINK_TTL,
            reviewWaitMs: config.RCR_MEDIA_REVIEW_WAIT,
          },
        };
        const projection = await subscribeProjection(bus, db, outbox, deps, log);
        onStop('review projection', () => projection.close());
        const worker = await subscribeRenditions(bus, deps, config.RCR_MEDIA_CONCURRENCY, log);
        onStop('renditions worker', () => worker.close());
        log.info(
          {
            bucket: bucket.kind,
            concurrency: config.RCR_MEDIA_CONCURRENCY,
            maxBytes: config.RCR_MEDIA_MAX_BYTES,
          },
          'renditions worker started',
        );
        return mediaHandlers(deps);
      },
    },
    options,
  );
}
