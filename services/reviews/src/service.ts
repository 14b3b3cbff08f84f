import { fileURLToPath } from 'node:url';
import { protos, type ReviewsV1 } from '@rcr/contracts';
import { startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { reviewsHandlers } from './api/grpc-handlers.ts';
import type { ReviewsConfig } from './config.ts';

const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Starts the reviews service (the write side of cameras and reviews): database, outbox relay, gRPC. */
export function startReviewsService(options: StartServiceOptions<ReviewsConfig>): Promise<RunningService> {
  return startService<ReviewsConfig, ReviewsV1.ReviewsServiceHandlers>(
    {
      name: 'reviews',
      migrationsDir: MIGRATIONS,
      grpc: {
        serviceName: 'rcr.reviews.v1.ReviewsService',
        definition: protos.reviews.ReviewsService.service,
      },
      setup: async ({ db, outbox }) => reviewsHandlers({ db, outbox }),
    },
    options,
  );
}
