import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { gatewayConfigSchema } from './config.ts';
import { startGateway } from './service.ts';

const config = loadConfig(gatewayConfigSchema);
const log = createLogger('gateway', config.LOG_LEVEL);
const gateway = await startGateway({ config, log });
log.info({ url: gateway.url }, 'listening');
stopOnSignals(() => gateway.stop(), log);
