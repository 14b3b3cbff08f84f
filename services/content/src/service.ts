import { protos, type ContentV1 } from '@rcr/contracts';
import { startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { contentHandlers } from './api/grpc-handlers.ts';
import type { ContentConfig } from './config.ts';
import { subscribeToEvents } from './events/subscriptions.ts';
import { CONTENT_DB_EXTENSIONS, CONTENT_MIGRATIONS } from './store/database.ts';

/** Starts the content service (the read model): database, the projection's bus subscription, gRPC. */
export function startContentService(options: StartServiceOptions<ContentConfig>): Promise<RunningService> {
  return startService<ContentConfig, ContentV1.ContentServiceHandlers>(
    {
      name: 'content',
      migrationsDir: CONTENT_MIGRATIONS,
      database: { extensions: CONTENT_DB_EXTENSIONS },
      grpc: {
        serviceName: 'rcr.content.v1.ContentService',
        definition: protos.content.ContentService.service,
      },
      setup: async ({ db, bus, log, outbox, faults, onStop }) => {
        const subscription = await subscribeToEvents(bus, db, log, { outbox, faults });
        onStop('projection subscription', () => subscription.close());
        return contentHandlers(db);
      },
    },
    options,
  );
}
