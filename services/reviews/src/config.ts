import { serviceConfigSchema } from '@rcr/platform';
import type { z } from 'zod';

/** Config of the reviews service: the shared service settings only. */
export const reviewsConfigSchema = serviceConfigSchema;
export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
