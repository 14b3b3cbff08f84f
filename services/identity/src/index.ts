export { startIdentityService } from './service.ts';
export { identityConfigSchema, type IdentityConfig } from './config.ts';
