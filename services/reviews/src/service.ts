import { fileURLToPath } from 'node:url';
import { protos } from '@rcr/contracts';
import {
  addUnaryService,
  createLogger,
  GrpcServer,
  openBus,
  openServiceDatabase,
  Outbox,
  type EventBus,
  type Logger,
  type RunningService,
} from '@rcr/platform';
import { reviewsHandlers } from './api/grpc-handlers.ts';
import type { ReviewsConfig } from './config.ts';

const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Starts the reviews service: database, outbox relay, gRPC server. */
export async function startReviewsService(options: {
  config: ReviewsConfig;
  bus?: EventBus;
  log?: Logger;
}): Promise<RunningService> {
  const { config } = options;
  const log = options.log ?? createLogger('reviews', config.LOG_LEVEL);
  const db = await openServiceDatabase(config, 'reviews', MIGRATIONS);
  const bus = await openBus(config, 'reviews', options.bus);
  const outbox = new Outbox(db, bus, log);
  outbox.start();

  const grpc = new GrpcServer(['rcr.reviews.v1.ReviewsService']);
  addUnaryService(grpc.server, protos.reviews.ReviewsService.service, reviewsHandlers({ db, outbox }), log);
  const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT);
  grpc.setServing(true);
  log.info({ port, db: db.kind, bus: bus.kind }, 'reviews service ready');

  return {
    name: 'reviews',
    address: `${config.GRPC_HOST === '0.0.0.0' ? '127.0.0.1' : config.GRPC_HOST}:${port}`,
    async stop() {
      await grpc.close();
      await outbox.stop();
      if (!options.bus) await bus.close();
      await db.close();
    },
  };
}
