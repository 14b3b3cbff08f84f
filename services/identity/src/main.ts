import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { identityConfigSchema } from './config.ts';
import { startIdentityService } from './service.ts';

// Composition root of the identity process: read config, start, stop cleanly on SIGTERM/SIGINT.
const config = loadConfig(identityConfigSchema);
const log = createLogger('identity', config.LOG_LEVEL);
const service = await startIdentityService({ config, log });
log.info({ address: service.address }, 'identity listening');
stopOnSignals(() => service.stop(), log);
