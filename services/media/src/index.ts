export { startMediaService } from './service.ts';
export { mediaConfigSchema, type MediaConfig } from './config.ts';
