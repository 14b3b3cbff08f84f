export { startJobsService } from './service.ts';
export { jobsConfigSchema, type JobsConfig } from './config.ts';
