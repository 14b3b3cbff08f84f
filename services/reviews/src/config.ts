import { parseDuration, serviceConfigSchemaWith } from '@rcr/platform';
import { z } from 'zod';

/**
 * Config of the reviews service: the shared service settings plus
 * - `RCR_RECONCILE_EVERY`: how often the anti-entropy check runs on its own (`1h`, `30m`…; `off` never).
 */
export const reviewsConfigSchema = serviceConfigSchemaWith({
  RCR_RECONCILE_EVERY: z
    .string()
    .default('1h')
    .transform((text, ctx) => {
      if (text === 'off') return 0;
      const ms = parseDuration(text);
      if (ms === undefined || ms < 1000) {
        ctx.addIssue({ code: 'custom', message: 'a duration of at least 1s (like 30m or 1h), or off' });
        return z.NEVER;
      }
      return ms;
    }),
});
export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
