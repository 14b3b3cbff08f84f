import { z } from 'zod';
import {
  durationSchema,
  secretsConfigShape,
  serviceConfigSchemaWith,
  storageConfigShape,
  uploadLimitShape,
} from '@rcr/platform';

/**
 * Config of the media process: the shared service settings, the key ring (signed image links are keyed
 * from it), the bucket, and the image rules:
 * - `RCR_MEDIA_MAX_BYTES`: largest upload (413 beyond it, refused while the bytes stream in).
 * - `RCR_MEDIA_MAX_PIXELS`: largest width × height an upload's header may announce (a decompression bomb
 *   is refused before anything decodes it); the renditions worker decodes nothing larger either.
 * - `RCR_MEDIA_LINK_TTL`: how long a signed link to a rendition is valid (at least; links are signed for
 *   aligned periods so that a link stays the same, and cacheable, for a while).
 * - `RCR_MEDIA_CONCURRENCY`: renditions one process makes at once.
 * - `RCR_MEDIA_REVIEW_WAIT`: how long an upload waits for its review's creation to reach the service's
 *   projection before answering 404 (the review may have been created a moment ago).
 */
export const mediaConfigSchema = serviceConfigSchemaWith({
  ...secretsConfigShape,
  ...storageConfigShape,
  ...uploadLimitShape,
  RCR_MEDIA_MAX_PIXELS: z.coerce.number().int().min(1).max(1_000_000_000).default(40_000_000),
  RCR_MEDIA_LINK_TTL: durationSchema('24h'),
  RCR_MEDIA_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  RCR_MEDIA_REVIEW_WAIT: durationSchema('2s'),
});

/** The parsed, frozen configuration of the media service. */
export type MediaConfig = z.infer<typeof mediaConfigSchema>;
