import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { contentConfigSchema } from './config.ts';
import { startContentService } from './service.ts';

// Composition root: read config, start, stop cleanly on SIGTERM/SIGINT.
const config = loadConfig(contentConfigSchema);
const log = createLogger('content', config.LOG_LEVEL);
const service = await startContentService({ config, log });
log.info({ address: service.address }, 'content service started');
stopOnSignals(() => service.stop(), log);
