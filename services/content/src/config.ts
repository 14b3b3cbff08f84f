import { serviceConfigSchemaWith } from '@rcr/platform';
import { z } from 'zod';
import { DEFAULT_MAX_WAITS } from './domain/await-versions.ts';

/**
 * Config of the content service: the shared service settings plus
 * - `RCR_CONSISTENCY_MAX_WAITS`: read-your-writes waits (AwaitVersions) held at once; more answer
 *   "not reached" at once instead of waiting.
 */
export const contentConfigSchema = serviceConfigSchemaWith({
  RCR_CONSISTENCY_MAX_WAITS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_WAITS),
});
/** Parsed, frozen config of the content service. */
export type ContentConfig = z.infer<typeof contentConfigSchema>;
