export { startContentService } from './service.ts';
export { contentConfigSchema, type ContentConfig } from './config.ts';
export { CONTENT_DB_EXTENSIONS } from './store/database.ts';
// For the benchmarks: the plans of a search, for a query as the gRPC request gives it.
export { DEFAULT_SEARCH_LIMITS, explainContentSearch } from './store/content-search.ts';
export { parseContentQuery } from './domain/list-content.ts';
// For the benchmarks' synthetic data sets: the stored public JSON is checked against the renderer.
export { renderPublicReview } from './domain/render-review.ts';
