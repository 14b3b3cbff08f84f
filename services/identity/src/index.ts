export { startIdentityService, type IdentityServiceOptions } from './service.ts';
export { identityConfigSchema, type IdentityConfig } from './config.ts';
