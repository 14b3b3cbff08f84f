import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { jobsConfigSchema } from './config.ts';
import { startJobsService } from './service.ts';

// Composition root of the jobs process: read config, start, stop cleanly on SIGTERM/SIGINT.
const config = loadConfig(jobsConfigSchema);
const log = createLogger('jobs', config.LOG_LEVEL);
const service = await startJobsService({ config, log });
log.info({ address: service.address }, 'jobs listening');
stopOnSignals(() => service.stop(), log);
