import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { webhooksConfigSchema } from './config.ts';
import { startWebhooksService } from './service.ts';

// Composition root of the webhooks process: read config, start, stop cleanly on SIGTERM/SIGINT.
const config = loadConfig(webhooksConfigSchema);
const log = createLogger('webhooks', config.LOG_LEVEL);
const service = await startWebhooksService({ config, log });
log.info({ address: service.address }, 'webhooks listening');
stopOnSignals(() => service.stop(), log);
