export { startWebhooksService } from './service.ts';
export { webhooksConfigSchema, type WebhooksConfig } from './config.ts';
