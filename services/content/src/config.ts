import { durationSchema, serviceConfigSchemaWith } from '@rcr/platform';
import { z } from 'zod';
import { DEFAULT_MAX_WAITS } from './domain/await-versions.ts';
import { DEFAULT_SEARCH_LIMITS } from './store/content-search.ts';

/**
 * Config of the content service: the shared service settings plus
 * - `RCR_CONSISTENCY_MAX_WAITS`: read-your-writes waits (AwaitVersions) held at once; more answer
 *   "not reached" at once instead of waiting.
 * - `RCR_SEARCH_COUNT_CAP`: a total that needs counting rows (a search, or filters without a counter) is
 *   exact up to this many, then this many flagged as an estimate; a relevance search ranks this many
 *   candidates at most (see SearchLimits).
 * - `DATABASE_READ_URL`: a streaming replica of `DATABASE_URL` that serves the read-model queries
 *   (ReadReplica, ADR 0028); unset, the primary serves them. Needs `DATABASE_URL`.
 * - `RCR_DATABASE_READ_MAX_LAG`: a replica further behind than this is taken out of reads (the primary
 *   serves them) until it has caught up.
 */
export const contentConfigSchema = serviceConfigSchemaWith({
  RCR_CONSISTENCY_MAX_WAITS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_WAITS),
  RCR_SEARCH_COUNT_CAP: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SEARCH_LIMITS.countCap),
  DATABASE_READ_URL: z.url().optional(),
  RCR_DATABASE_READ_MAX_LAG: durationSchema('5s'),
}).refine((config) => !config.DATABASE_READ_URL || config.DATABASE_URL, {
  path: ['DATABASE_READ_URL'],
  message: 'needs DATABASE_URL: a read replica is of a PostgreSQL primary (embedded mode has none)',
});
/** Parsed, frozen config of the content service. */
export type ContentConfig = z.infer<typeof contentConfigSchema>;
