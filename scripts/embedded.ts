import { startContentService, contentConfigSchema } from '@rcr/content';
import { startGateway, gatewayConfigSchema, type RunningGateway } from '@rcr/gateway';
import { identityConfigSchema, startIdentityService } from '@rcr/identity';
import {
  createLogger,
  loadConfig,
  MemoryBus,
  type EventBus,
  type Logger,
  type RunningService,
} from '@rcr/platform';
import { reviewsConfigSchema, startReviewsService } from '@rcr/reviews';

/** A whole rcr system in one process. */
export interface EmbeddedSystem {
  gateway: RunningGateway;
  services: RunningService[];
  /** The in-process bus (absent when `NATS_URL` makes the services use NATS). */
  bus: EventBus | undefined;
  stop(): Promise<void>;
}

/**
 * Embedded mode: every service in this process, each with its own PGlite data dir under `RCR_DATA_DIR`
 * (unless `DATABASE_URL` says otherwise), one in-process bus (unless `NATS_URL`), gRPC over loopback on
 * free ports, and the gateway on `PORT`. Same code as distributed mode; only the adapters differ.
 */
export async function startEmbeddedSystem(
  env: Record<string, string | undefined> = process.env,
  log?: Logger,
): Promise<EmbeddedSystem> {
  const serviceEnv = { ...env, GRPC_HOST: '127.0.0.1', GRPC_PORT: '0' };
  const logger = log ?? createLogger('rcr', env.LOG_LEVEL ?? 'info');
  const gatewayConfig = loadConfig(gatewayConfigSchema, env);
  const shared = env.NATS_URL
    ? undefined
    : new MemoryBus({
        namespace: gatewayConfig.RCR_NAMESPACE,
        maxDeliver: gatewayConfig.RCR_BUS_MAX_DELIVER,
      });

  const services: RunningService[] = [];
  try {
    const started = await Promise.allSettled([
      startIdentityService({
        config: loadConfig(identityConfigSchema, serviceEnv),
        bus: shared,
        log: logger.child({ service: 'identity' }),
      }),
      startReviewsService({
        config: loadConfig(reviewsConfigSchema, serviceEnv),
        bus: shared,
        log: logger.child({ service: 'reviews' }),
      }),
      startContentService({
        config: loadConfig(contentConfigSchema, serviceEnv),
        bus: shared,
        log: logger.child({ service: 'content' }),
      }),
    ]);
    for (const result of started) if (result.status === 'fulfilled') services.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [identity, reviews, content] = services as [RunningService, RunningService, RunningService];
    const gateway = await startGateway({
      config: gatewayConfig,
      bus: shared,
      log: logger.child({ service: 'gateway' }),
      upstreams: { identity: identity.address, reviews: reviews.address, content: content.address },
    });
    return {
      gateway,
      services,
      bus: shared,
      async stop() {
        await gateway.stop();
        for (const service of services.reverse()) await service.stop();
        await shared?.close();
      },
    };
  } catch (err) {
    for (const service of services) await service.stop().catch(() => undefined);
    throw err;
  }
}
