import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  createLogger,
  grpcTlsFromFiles,
  InternalTokenSigner,
  openBus,
  openKeyValueStore,
  type EventBus,
  type Logger,
} from '@rcr/platform';
import { Redis } from 'ioredis';
import { buildHttpApp } from './app.ts';
import type { GatewayConfig } from './config.ts';
import { RealtimeHub } from './realtime/socket.ts';
import { ConsistencyTokens } from './rest/consistency.ts';
import { ResponseCache } from './rest/response-cache.ts';
import { Upstreams, type UpstreamAddresses } from './upstream/clients.ts';

/** A listening gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the gateway: HTTP (REST), Socket.IO, and the bus subscription that feeds push. */
export async function startGateway(options: {
  config: GatewayConfig;
  bus?: EventBus;
  log?: Logger;
  /** Overrides the upstream addresses from config (embedded mode passes the ports it got). */
  upstreams?: UpstreamAddresses;
}): Promise<RunningGateway> {
  const { config } = options;
  const log = options.log ?? createLogger('gateway', config.LOG_LEVEL);
  if (!config.RCR_INTERNAL_SIGNING_KEY) {
    throw new ConfigError(
      'RCR_INTERNAL_SIGNING_KEY is not set: services accept only calls signed by the gateway (npm run rcr -- keys internal prints a key pair)',
    );
  }
  if (!config.RCR_CONSISTENCY_KEY) {
    throw new ConfigError(
      'RCR_CONSISTENCY_KEY is not set: writes sign read-your-writes tokens with it, and every gateway needs the same key (npm run rcr -- keys consistency prints one)',
    );
  }
  const upstreams = new Upstreams(
    options.upstreams ?? {
      identity: config.IDENTITY_GRPC_URL,
      reviews: config.REVIEWS_GRPC_URL,
      content: config.CONTENT_GRPC_URL,
    },
    config.UPSTREAM_TIMEOUT_MS,
    new InternalTokenSigner(config.RCR_INTERNAL_SIGNING_KEY),
    grpcTlsFromFiles(config),
  );
  const bus = await openBus(config, 'gateway', { shared: options.bus, log });

  const kv = await openKeyValueStore(config);
  const rateLimitRedis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      })
    : undefined;
  rateLimitRedis?.on('error', (err: Error) => log.warn({ err: err.message }, 'redis (rate limit) error'));
  const reachable = (check: Promise<unknown>) =>
    check.then(
      () => true,
      () => false,
    );
  const ready = async () => {
    const [services, busOk, kvOk] = await Promise.all([
      upstreams.health(),
      reachable(bus.ping()),
      reachable(kv.ping()),
    ]);
    return { ...services, bus: busOk, [kv.kind === 'redis' ? 'redis' : 'memory-store']: kvOk };
  };
  // A memory cache is only coherent when this gateway sees every event (in-process bus); with NATS and no
  // Redis, each gateway would keep its own copy that another gateway's invalidation never reaches.
  const responseCache =
    kv.kind === 'redis' || bus.kind === 'memory' ? new ResponseCache(kv, upstreams, log) : undefined;
  const corsOrigins = config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(',').map((o) => o.trim());
  const { app, verifier } = await buildHttpApp({
    upstreams,
    log,
    bodyLimit: config.BODY_LIMIT_BYTES,
    corsOrigins,
    ready,
    kv,
    rateLimits: {
      anonymous: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      editor: config.RATE_LIMIT_EDITOR_PER_MINUTE,
      login: config.RATE_LIMIT_LOGIN_PER_MINUTE,
    },
    rateLimitRedis,
    namespace: config.RCR_NAMESPACE,
    idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
    responseCache,
    bus,
    consistencyTokens: new ConsistencyTokens(config.RCR_CONSISTENCY_KEY),
  });
  const hub = new RealtimeHub(app.server, {
    verifier,
    log,
    corsOrigins,
    redisUrl: config.REDIS_URL,
    namespace: config.RCR_NAMESPACE,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  await hub.start(bus);
  await responseCache?.start(bus);
  const port = (app.server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  log.info({ port, bus: bus.kind }, 'gateway ready');
  return {
    url: `http://${host}:${port}`,
    port,
    async stop() {
      await hub.close();
      await responseCache?.close();
      await app.close();
      upstreams.close();
      await kv.close();
      rateLimitRedis?.disconnect();
      if (!options.bus) await bus.close();
    },
  };
}
