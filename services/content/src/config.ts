import { serviceConfigSchema, type ServiceConfig } from '@rcr/platform';

/** Config of the content service: the shared service settings only (see the README configuration table). */
export const contentConfigSchema = serviceConfigSchema;
/** Parsed, frozen config of the content service. */
export type ContentConfig = ServiceConfig;
