export { startContentService } from './service.ts';
export { contentConfigSchema, type ContentConfig } from './config.ts';
export { CONTENT_DB_EXTENSIONS } from './store/database.ts';
