import { fileURLToPath } from 'node:url';
import {
  LinkSigner,
  openObjectStore,
  resolveKeyRing,
  scrapeGauge,
  startService,
  type RunningService,
  type StartServiceOptions,
} from '@rcr/platform';
import { protos, type JobsV1 } from '@rcr/contracts';
import { jobsHandlers } from './api/grpc-handlers.ts';
import type { JobsConfig } from './config.ts';
import type { JobsDeps } from './domain/deps.ts';
import { requeueStalled } from './domain/requeue-stalled.ts';
import { scheduleBackup } from './domain/schedule-backup.ts';
import { JobRunner } from './domain/run-job.ts';
import { subscribeProjection } from './events/subscriptions.ts';
import { subscribeWorker } from './events/worker.ts';
import { lastBackupSucceededAt } from './store/job-repository.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

const lastBackup = scrapeGauge(
  'rcr_backup_last_success_timestamp_seconds',
  'When the newest scheduled backup succeeded (Unix seconds; alert when it is older than the interval)',
  [],
);

/**
 * Starts the jobs service: key ring (signed file links), bucket, database, the projection of published
 * reviews, the worker on the queue, the sweeper of stalled jobs, then the gRPC server. `stop()` undoes it
 * in reverse order; runs in progress are abandoned to be delivered again.
 */
export async function startJobsService(options: StartServiceOptions<JobsConfig>): Promise<RunningService> {
  const { keyRing } = await resolveKeyRing(options.config);
  return startService<JobsConfig, JobsV1.JobsServiceHandlers>(
    {
      name: 'jobs',
      migrationsDir: MIGRATIONS_DIR,
      grpc: { serviceName: 'rcr.jobs.v1.JobsService', definition: protos.jobs.JobsService.service },
      setup: async ({ db, bus, outbox, config, log, faults, onStop }) => {
        const bucket = await openObjectStore(config);
        onStop('bucket', () => bucket.close());
        const deps: JobsDeps = {
          db,
          outbox,
          bucket,
          links: new LinkSigner(keyRing.macKeys('file links')),
          log,
          faults,
          settings: {
            maxAttempts: config.RCR_JOBS_MAX_ATTEMPTS,
            retryDelayMs: config.RCR_JOBS_RETRY_DELAY,
            stallAfterMs: config.RCR_JOBS_STALL_AFTER,
            linkTtlMs: config.RCR_JOBS_LINK_TTL,
            backupDatabaseUrl: config.RCR_BACKUP_DATABASE_URL ?? config.DATABASE_URL,
          },
        };
        const projection = await subscribeProjection(bus, db, log);
        onStop('export projection', () => projection.close());
        const runner = new JobRunner(deps);
        const worker = await subscribeWorker(bus, runner, config.RCR_JOBS_CONCURRENCY, log);
        onStop('job worker', async () => {
          runner.stop();
          await worker.close();
        });
        const sweep = () =>
          requeueStalled(deps)
            .then((count) => count > 0 && log.warn({ count }, 'stalled jobs queued again'))
            .catch((err: unknown) =>
              log.warn({ err: (err as Error).message }, 'sweeping stalled jobs failed'),
            );
        const sweeper = setInterval(sweep, Math.max(1000, config.RCR_JOBS_STALL_AFTER / 2));
        sweeper.unref();
        onStop('stalled-job sweeper', async () => clearInterval(sweeper));
        void sweep();
        if (config.RCR_BACKUP_INTERVAL > 0) {
          if (!deps.settings.backupDatabaseUrl) {
            log.warn(
              'RCR_BACKUP_INTERVAL is set, but backups need PostgreSQL (DATABASE_URL): none scheduled',
            );
          } else {
            const schedule = { intervalMs: config.RCR_BACKUP_INTERVAL, keep: config.RCR_BACKUP_KEEP };
            const due = () =>
              scheduleBackup(deps, Date.now(), schedule)
                .then((job) => job && log.info({ jobId: job.id, slot: job.params }, 'backup queued'))
                .catch((err: unknown) =>
                  log.warn({ err: (err as Error).message }, 'queueing the scheduled backup failed'),
                );
            // Checked often enough to queue each slot's backup early in it, whatever the interval.
            const scheduler = setInterval(due, Math.min(60_000, Math.max(250, schedule.intervalMs / 4)));
            scheduler.unref();
            onStop('backup scheduler', async () => clearInterval(scheduler));
            onStop(
              'backup gauge',
              lastBackup.read(() => lastBackupSucceededAt(db)),
            );
            void due();
          }
        }
        log.info(
          {
            bucket: bucket.kind,
            concurrency: config.RCR_JOBS_CONCURRENCY,
            maxAttempts: config.RCR_JOBS_MAX_ATTEMPTS,
            backupInterval: config.RCR_BACKUP_INTERVAL,
          },
          'job worker started',
        );
        return jobsHandlers(deps);
      },
    },
    options,
  );
}
