import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CONTENT_DB_EXTENSIONS, contentConfigSchema, startContentService } from '@rcr/content';
import { generateConsistencyKey, startGateway, gatewayConfigSchema, type RunningGateway } from '@rcr/gateway';
import { identityConfigSchema, startIdentityService } from '@rcr/identity';
import {
  busOptionsOf,
  createLogger,
  generateInternalKeyPair,
  Lifecycle,
  loadConfig,
  openEmbeddedBus,
  PgliteHost,
  publicKeyOf,
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
  /** Where the embedded database lives (`memory://…` in tests); absent with `DATABASE_URL`. */
  databaseDir: string | undefined;
  stop(): Promise<void>;
}

/** The embedded database's directory for a data dir: `<dir>/db`, or a memory database of its own. */
export function embeddedDatabaseDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? `memory://${randomUUID()}` : join(dataDir, 'db');
}

/**
 * Embedded mode: every service in this process, sharing one PGlite database (a schema each, as in
 * distributed mode) under `RCR_DATA_DIR` (unless `DATABASE_URL` says otherwise), one in-process bus
 * (unless `NATS_URL`) whose dead letters live in that database, gRPC over loopback on free ports, and
 * the gateway on `PORT`. Same code as distributed mode; only the adapters differ.
 */
export async function startEmbeddedSystem(
  env: Record<string, string | undefined> = process.env,
  log?: Logger,
): Promise<EmbeddedSystem> {
  // The gateway signs every call to a service; one process, so a key pair made for this start will do.
  const signingKey = env.RCR_INTERNAL_SIGNING_KEY ?? generateInternalKeyPair().signingKey;
  const serviceEnv = {
    ...env,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    RCR_INTERNAL_PUBLIC_KEYS: env.RCR_INTERNAL_PUBLIC_KEYS ?? publicKeyOf(signingKey),
  };
  const logger = log ?? createLogger('rcr', env.LOG_LEVEL ?? 'info');
  const gatewayConfig = loadConfig(gatewayConfigSchema, {
    ...env,
    RCR_INTERNAL_SIGNING_KEY: signingKey,
    // One gateway: a key made for this start signs its read-your-writes tokens (they outlive no restart).
    RCR_CONSISTENCY_KEY: env.RCR_CONSISTENCY_KEY ?? generateConsistencyKey(),
  });
  const lifecycle = new Lifecycle(logger);
  try {
    const databaseDir = env.DATABASE_URL ? undefined : embeddedDatabaseDir(env.RCR_DATA_DIR ?? './data');
    const host = databaseDir
      ? await lifecycle.step(
          'embedded database',
          () => PgliteHost.open({ dataDir: databaseDir, extensions: CONTENT_DB_EXTENSIONS }),
          (opened) => opened.close(),
        )
      : undefined;
    const shared = env.NATS_URL
      ? undefined
      : await lifecycle.step(
          'in-process bus',
          () =>
            openEmbeddedBus({ ...busOptionsOf(gatewayConfig), host, log: logger.child({ service: 'bus' }) }),
          (bus) => bus.close(),
        );
    const started = await Promise.allSettled([
      startIdentityService({
        config: loadConfig(identityConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'identity' }),
      }),
      startReviewsService({
        config: loadConfig(reviewsConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'reviews' }),
      }),
      startContentService({
        config: loadConfig(contentConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'content' }),
      }),
    ]);
    const services: RunningService[] = [];
    for (const result of started) {
      if (result.status === 'fulfilled') {
        services.push(result.value);
        lifecycle.add(result.value.name, () => result.value.stop());
      }
    }
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [identity, reviews, content] = services as [RunningService, RunningService, RunningService];
    const gateway = await lifecycle.step(
      'gateway',
      () =>
        startGateway({
          config: gatewayConfig,
          bus: shared,
          log: logger.child({ service: 'gateway' }),
          upstreams: { identity: identity.address, reviews: reviews.address, content: content.address },
        }),
      (running) => running.stop(),
    );
    return { gateway, services, bus: shared, databaseDir, stop: () => lifecycle.stop() };
  } catch (err) {
    await lifecycle.stop();
    throw err;
  }
}
