import { fileURLToPath } from 'node:url';
import { protos, type ReviewsV1 } from '@rcr/contracts';
import { startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { reviewsHandlers } from './api/grpc-handlers.ts';
import type { ReviewsConfig } from './config.ts';
import { scheduleReconciliation } from './domain/reconcile-read-model.ts';
import { subscribeToEvents } from './events/subscriptions.ts';

const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * Starts the reviews service (the write side of cameras and reviews): database, outbox relay, the
 * subscription to the read model's drift reports, the periodic anti-entropy check, gRPC.
 */
export function startReviewsService(options: StartServiceOptions<ReviewsConfig>): Promise<RunningService> {
  return startService<ReviewsConfig, ReviewsV1.ReviewsServiceHandlers>(
    {
      name: 'reviews',
      migrationsDir: MIGRATIONS,
      grpc: {
        serviceName: 'rcr.reviews.v1.ReviewsService',
        definition: protos.reviews.ReviewsService.service,
      },
      setup: async ({ db, bus, outbox, log, config, faults, onStop }) => {
        const subscription = await subscribeToEvents(bus, db, log, { outbox, faults });
        onStop('drift reports subscription', () => subscription.close());
        const schedule = scheduleReconciliation({ db, outbox }, config.RCR_RECONCILE_EVERY, log);
        onStop('reconciliation schedule', async () => schedule.stop());
        return reviewsHandlers({ db, outbox });
      },
    },
    options,
  );
}
