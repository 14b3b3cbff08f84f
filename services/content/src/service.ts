import { protos, type ContentV1 } from '@rcr/contracts';
import { startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { contentHandlers } from './api/grpc-handlers.ts';
import type { ContentConfig } from './config.ts';
import { VersionNotifier } from './domain/await-versions.ts';
import { subscribeToEvents } from './events/subscriptions.ts';
import { CONTENT_DB_EXTENSIONS, CONTENT_MIGRATIONS } from './store/database.ts';
import { renderStaleFragments } from './store/content-repository.ts';
import { appliedVersions } from './store/version-repository.ts';

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
      setup: async ({ config, db, bus, log, outbox, faults, onStop }) => {
        // Read-your-writes waits end when the projection reports the version (see AwaitVersions).
        const versions = new VersionNotifier((entities) => appliedVersions(db, entities), {
          maxWaits: config.RCR_CONSISTENCY_MAX_WAITS,
        });
        onStop('read-your-writes waits', async () => versions.close());
        // Rows stored before the public JSON existed, or by an older rendering, are rendered before any
        // event is projected (ADR 0015).
        const rendered = await renderStaleFragments(db);
        if (rendered > 0) log.info({ rendered }, 'public JSON of stored reviews rendered');
        const subscription = await subscribeToEvents(bus, db, log, {
          outbox,
          faults,
          onApplied: (mark) => versions.applied(mark),
        });
        onStop('projection subscription', () => subscription.close());
        return contentHandlers(db, versions, { countCap: config.RCR_SEARCH_COUNT_CAP });
      },
    },
    options,
  );
}
