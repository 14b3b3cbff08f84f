import { z } from 'zod';
import {
  durationSchema,
  secretsConfigShape,
  serviceConfigSchemaWith,
  storageConfigShape,
} from '@rcr/platform';

/**
 * Config of the jobs process: the shared service settings, the key ring (signed file links are keyed
 * from it), the bucket, and the worker:
 * - `RCR_JOBS_CONCURRENCY`: jobs one process runs at once.
 * - `RCR_JOBS_MAX_ATTEMPTS`: runs a job gets (a crash counts as one) before it is `failed`.
 * - `RCR_JOBS_RETRY_DELAY`: wait before the second run of a failed job, doubled for each further run.
 * - `RCR_JOBS_STALL_AFTER`: an unfinished job whose run has shown no sign of life this long is queued
 *   again (the run died and its queue message was lost, e.g. an embedded system restarted).
 * - `RCR_JOBS_LINK_TTL`: how long a signed link to a result is valid.
 * - `RCR_BACKUP_INTERVAL`: a scheduled backup of every service schema each interval (`0s`: none; ADR
 *   0033); needs PostgreSQL and `pg_dump`.
 * - `RCR_BACKUP_KEEP`: how many complete backups the scheduled job keeps (older ones are deleted).
 * - `RCR_BACKUP_DATABASE_URL`: the database it dumps (default `DATABASE_URL`: every schema is in it).
 */
export const jobsConfigSchema = serviceConfigSchemaWith({
  ...secretsConfigShape,
  ...storageConfigShape,
  RCR_JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  RCR_JOBS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  RCR_JOBS_RETRY_DELAY: durationSchema('2s'),
  RCR_JOBS_STALL_AFTER: durationSchema('2m'),
  RCR_JOBS_LINK_TTL: durationSchema('1h'),
  RCR_BACKUP_INTERVAL: durationSchema('0s').refine((ms) => ms === 0 || ms >= 1000, {
    message: 'at least 1s, or 0s for no scheduled backups',
  }),
  RCR_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  RCR_BACKUP_DATABASE_URL: z.url().optional(),
});

/** The parsed, frozen configuration of the jobs service. */
export type JobsConfig = z.infer<typeof jobsConfigSchema>;
