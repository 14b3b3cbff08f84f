import { createLogger, loadConfig, stopOnSignals } from '@rcr/platform';
import { reviewsConfigSchema } from './config.ts';
import { startReviewsService } from './service.ts';

const config = loadConfig(reviewsConfigSchema);
const log = createLogger('reviews', config.LOG_LEVEL);
const service = await startReviewsService({ config, log });
stopOnSignals(() => service.stop(), log);
