import { protos } from '@rcr/contracts';
import {
  addUnaryService,
  createLogger,
  GrpcServer,
  openBus,
  type Database,
  type EventBus,
  type Logger,
  type RunningService,
  type Subscription,
} from '@rcr/platform';
import { contentHandlers } from './api/grpc-handlers.ts';
import type { ContentConfig } from './config.ts';
import { subscribeToEvents } from './events/subscriptions.ts';
import { openContentDatabase } from './store/database.ts';

/** What the content service needs to start; `bus` is the shared in-process bus in embedded mode. */
export interface StartContentOptions {
  config: ContentConfig;
  bus?: EventBus;
  log?: Logger;
}

/** Starts the content service: database, bus subscription (the projection), gRPC server. */
export async function startContentService(options: StartContentOptions): Promise<RunningService> {
  const { config } = options;
  const log = options.log ?? createLogger('content', config.LOG_LEVEL);
  const db = await openContentDatabase(config);
  let bus: EventBus | undefined;
  let subscription: Subscription | undefined;
  try {
    bus = await openBus(config, 'content', options.bus);
    subscription = await subscribeToEvents(bus, db, log);
    const grpc = new GrpcServer(['rcr.content.v1.ContentService']);
    addUnaryService(grpc.server, protos.content.ContentService.service, contentHandlers(db), log);
    const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT);
    grpc.setServing(true);
    log.info({ port, db: db.kind, bus: bus.kind }, 'content service ready');

    const ownedBus = options.bus ? undefined : bus;
    const openSubscription = subscription;
    return {
      name: 'content',
      address: `${isWildcard(config.GRPC_HOST) ? '127.0.0.1' : config.GRPC_HOST}:${port}`,
      async stop() {
        await grpc.close();
        await openSubscription.close();
        await ownedBus?.close();
        await db.close();
      },
    };
  } catch (err) {
    await releaseAfterFailedStart(db, subscription, options.bus ? undefined : bus);
    throw err;
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

async function releaseAfterFailedStart(
  db: Database,
  subscription: Subscription | undefined,
  ownedBus: EventBus | undefined,
): Promise<void> {
  await subscription?.close().catch(() => undefined);
  await ownedBus?.close().catch(() => undefined);
  await db.close().catch(() => undefined);
}
