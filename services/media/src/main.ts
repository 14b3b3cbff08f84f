import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { mediaConfigSchema } from './config.ts';
import { startMediaService } from './service.ts';

// Composition root of the media process: read config, start, stop cleanly on SIGTERM/SIGINT.
const config = loadConfig(mediaConfigSchema);
const log = createLogger('media', config.LOG_LEVEL);
const service = await startMediaService({ config, log });
log.info({ address: service.address }, 'media listening');
stopOnSignals(() => service.stop(), log);
