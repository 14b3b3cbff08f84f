export { startContentService, type StartContentOptions } from './service.ts';
export { contentConfigSchema, type ContentConfig } from './config.ts';
