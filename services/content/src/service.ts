import { protos, type ContentV1 } from '@rcr/contracts';
import {
  ReadReplica,
  scrapeGauge,
  startService,
  type RunningService,
  type StartServiceOptions,
} from '@rcr/platform';
import { contentHandlers } from './api/grpc-handlers.ts';
import type { ContentConfig } from './config.ts';
import { VersionNotifier } from './domain/await-versions.ts';
import { subscribeToEvents } from './events/subscriptions.ts';
import { CONTENT_DB_EXTENSIONS, CONTENT_MIGRATIONS } from './store/database.ts';
import { renderStaleFragments } from './store/content-repository.ts';
import { appliedVersions } from './store/version-repository.ts';

const replicaLag = scrapeGauge(
  'rcr_read_replica_lag',
  'How far the read replica is behind the primary: WAL bytes not yet replayed, and seconds',
  ['unit'],
);

/**
 * The grpc.health.v1 name under which content tells whether its reads are served by the read replica
 * (SERVING) or by the primary because the replica is out of reach or too far behind (NOT_SERVING); only
 * with DATABASE_READ_URL.
 */
export const READ_REPLICA_HEALTH = 'rcr.content.v1.ContentService/read-replica';

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
      setup: async ({ config, db, bus, log, outbox, faults, onStop, reportHealth }) => {
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
        // Read-model queries go to the replica when there is one (ADR 0028); everything else to the primary.
        const replica = config.DATABASE_READ_URL
          ? await ReadReplica.open({
              url: config.DATABASE_READ_URL,
              schema: 'content',
              max: config.DATABASE_POOL_MAX,
              primary: db,
              log,
              checkEveryMs: config.RCR_HEALTH_INTERVAL,
              maxLagMs: config.RCR_DATABASE_READ_MAX_LAG,
              onChange: (serving) => reportHealth(READ_REPLICA_HEALTH, serving),
            })
          : undefined;
        if (replica) {
          reportHealth(READ_REPLICA_HEALTH, replica.servingReads);
          onStop('read replica', () => replica.close());
          onStop(
            'replica lag gauge',
            replicaLag.read(async () => {
              const lag = await replica.lag();
              return [
                [{ unit: 'bytes' }, lag.bytes],
                [{ unit: 'seconds' }, lag.seconds],
              ] as const;
            }),
          );
        }
        return contentHandlers(
          replica?.reads ?? db,
          versions,
          { countCap: config.RCR_SEARCH_COUNT_CAP },
          replica && ((timeoutMs) => replica.caughtUp(timeoutMs)),
        );
      },
    },
    options,
  );
}
