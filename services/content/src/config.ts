import { serviceConfigSchemaWith } from '@rcr/platform';
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
 */
export const contentConfigSchema = serviceConfigSchemaWith({
  RCR_CONSISTENCY_MAX_WAITS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_WAITS),
  RCR_SEARCH_COUNT_CAP: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SEARCH_LIMITS.countCap),
});
/** Parsed, frozen config of the content service. */
export type ContentConfig = z.infer<typeof contentConfigSchema>;
