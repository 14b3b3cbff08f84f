export { startReviewsService } from './service.ts';
export { reviewsConfigSchema, type ReviewsConfig } from './config.ts';
