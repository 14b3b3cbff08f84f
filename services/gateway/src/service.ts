import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  createLogger,
  scrapeGauge,
  serveMetricsIn,
  enableMetrics,
  holdMetricsUntilEnabled,
  Lifecycle,
  grpcTlsFromFiles,
  InternalTokenSigner,
  openBus,
  openKeyValueStore,
  startTracing,
  type EventBus,
  type Logger,
} from '@rcr/platform';
import { buildHttpApp } from './app.ts';
import { clientAddressOf, compileTrustedProxies } from './client-address.ts';
import type { GatewayConfig } from './config.ts';
import { startRevocationFeed } from './auth/revocation-feed.ts';
import { EventStreams } from './realtime/event-streams.ts';
import { RealtimeHub, redisAdapterLink } from './realtime/socket.ts';
import { partnerCallBudget } from './partner/rate-limit.ts';
import { startPartnerServer } from './partner/server.ts';
import { PlainWebSocket } from './realtime/websocket.ts';
import { GRAPHQL_PATH } from './graphql/server.ts';
import { REDIS_RECONNECT_MAX_DELAY_MS, RedisLinks } from './redis-links.ts';
import { RateLimitCounters } from './rest/rate-limit-counters.ts';
import { LoginAddresses } from './rest/login-addresses.ts';
import { ConsistencyTokens } from './rest/consistency.ts';
import { ResponseCache } from './rest/response-cache.ts';
import { Upstreams, type UpstreamAddresses } from './upstream/clients.ts';

const realtimeConnections = scrapeGauge(
  'rcr_realtime_connections',
  'Open push connections (SSE, WebSocket, Socket.IO), by transport',
  ['transport'],
);
/** Breaker states as numbers Prometheus can plot and alert on. */
const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
const upstreamBreakers = scrapeGauge(
  'rcr_upstream_breaker_state',
  'Circuit breaker of each upstream service: 0 closed, 1 half-open, 2 open',
  ['upstream'],
);

/** A listening gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  /** `host:port` of the partner gRPC API (PARTNER_GRPC_PORT). */
  partnerGrpc: string;
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
  // Everything started is stopped in reverse order — also when a later step of the start fails.
  const lifecycle = new Lifecycle(log);
  // Metrics on their own port (METRICS_PORT), never on the public one.
  const metrics = serveMetricsIn(lifecycle, config, log);
  // GET /metrics on the API port (METRICS_PUBLIC): prom-client loads after the start (below); what is
  // counted meanwhile is kept for it.
  if (config.METRICS_PUBLIC) holdMetricsUntilEnabled();
  try {
    // First started, last stopped (ADR 0031): a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
    await lifecycle.step(
      'tracing',
      () => startTracing(config, 'gateway'),
      (tracing) => tracing.stop(),
    );
    const upstreams = new Upstreams(
      options.upstreams ?? {
        identity: config.IDENTITY_GRPC_URL,
        reviews: config.REVIEWS_GRPC_URL,
        content: config.CONTENT_GRPC_URL,
        jobs: config.JOBS_GRPC_URL,
        webhooks: config.WEBHOOKS_GRPC_URL,
        media: config.MEDIA_GRPC_URL,
      },
      config.UPSTREAM_TIMEOUT_MS,
      new InternalTokenSigner(config.RCR_INTERNAL_SIGNING_KEY),
      grpcTlsFromFiles(config),
      {
        retryAttempts: config.UPSTREAM_RETRY_ATTEMPTS,
        retryBaseMs: config.UPSTREAM_RETRY_BASE_MS,
        breakerFailures: config.UPSTREAM_BREAKER_FAILURES,
        halfOpenMs: config.UPSTREAM_BREAKER_HALF_OPEN_MS,
        maxConcurrent: config.UPSTREAM_MAX_CONCURRENT,
        maxQueued: config.UPSTREAM_MAX_QUEUED,
      },
    );
    lifecycle.add('upstream clients', async () => upstreams.close());
    lifecycle.add(
      'breaker gauge',
      upstreamBreakers.read(() =>
        Object.entries(upstreams.breakerStates()).map(
          ([upstream, state]) => [{ upstream }, BREAKER_VALUE[state]] as const,
        ),
      ),
    );
    const bus = await openBus(config, 'gateway', { shared: options.bus, log });
    if (!options.bus) lifecycle.add('bus', () => bus.close());

    // Redis is a cache and a limiter here: fail fast while it is away, use it again soon after it is back.
    const kv = await openKeyValueStore(config, {
      commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
      maxReconnectDelayMs: REDIS_RECONNECT_MAX_DELAY_MS,
    });
    lifecycle.add('key-value store', () => kv.close());
    const redis = config.REDIS_URL
      ? await RedisLinks.open(config.REDIS_URL, config.REDIS_COMMAND_TIMEOUT_MS, config.RCR_NAMESPACE, log)
      : undefined;
    if (redis) lifecycle.add('redis links', async () => redis.close());
    const rateLimitCounters = new RateLimitCounters({
      redis: redis?.commands,
      prefix: `${config.RCR_NAMESPACE}:rate-limit:`,
      syncIntervalMs: config.RATE_LIMIT_SYNC_INTERVAL_MS,
      log,
    });
    const reachable = (check: Promise<unknown>) =>
      check.then(
        () => true,
        () => false,
      );
    // Until the first resynchronisation with identity, every token is refused (503): not ready either.
    let revocationsLoaded = () => false;
    const ready = async () => {
      const [services, busOk, kvOk, redisOk] = await Promise.all([
        upstreams.health(),
        reachable(bus.ping()),
        reachable(kv.ping()),
        redis ? redis.ping() : true,
      ]);
      return {
        ...services,
        bus: busOk,
        [kv.kind === 'redis' ? 'redis' : 'memory-store']: kvOk && redisOk,
        revocations: revocationsLoaded(),
      };
    };
    // A memory cache is only coherent when this gateway sees every event (in-process bus); with NATS and no
    // Redis, each gateway would keep its own copy that another gateway's invalidation never reaches.
    const responseCache =
      redis || bus.kind === 'memory'
        ? new ResponseCache({
            upstreams,
            log,
            redis,
            namespace: config.RCR_NAMESPACE,
            localMaxBytes: config.CACHE_LOCAL_MAX_BYTES,
            unconfirmedMaxMs: config.CACHE_LOCAL_UNCONFIRMED_MAX_MS,
            staleMaxBytes: config.CACHE_STALE_MAX_BYTES,
            staleMaxAgeMs: config.CACHE_STALE_MAX_AGE_MS,
          })
        : undefined;
    const corsOrigins =
      config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(',').map((o) => o.trim());
    const trustProxy = compileTrustedProxies(config.TRUSTED_PROXIES);
    const clientAddress = clientAddressOf(trustProxy);
    const consistencyTokens = new ConsistencyTokens(config.RCR_CONSISTENCY_KEY as string);
    const eventStreams = new EventStreams(bus, {
      log,
      recentEvents: config.SSE_RECENT_EVENTS,
      heartbeatMs: config.SSE_HEARTBEAT_MS,
      maxBufferedBytes: config.SSE_MAX_BUFFERED_BYTES,
      maxConnectionsPerClient: config.PUSH_MAX_CONNECTIONS_PER_CLIENT,
    });
    await eventStreams.start();
    lifecycle.add('event streams', () => eventStreams.close());
    lifecycle.add(
      'connections gauge',
      realtimeConnections.read(() => eventStreams.connections.openByTransport()),
    );
    const { app, verifier, graphql } = await buildHttpApp({
      upstreams,
      log,
      bodyLimit: config.BODY_LIMIT_BYTES,
      uploadLimit: config.RCR_MEDIA_MAX_BYTES,
      publicMetrics: config.METRICS_PUBLIC,
      corsOrigins,
      trustProxy,
      ready,
      kv,
      rateLimits: {
        anonymous: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        editor: config.RATE_LIMIT_EDITOR_PER_MINUTE,
        login: config.RATE_LIMIT_LOGIN_PER_MINUTE,
        loginPerAccount: config.RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE,
      },
      rateLimitCounters,
      loginAddresses: new LoginAddresses({
        redis: redis?.commands,
        prefix: `${config.RCR_NAMESPACE}:login-known:`,
        ttlMs: config.RATE_LIMIT_LOGIN_KNOWN_ADDRESS_DAYS * 86_400_000,
        deviceKeys: consistencyTokens.derivedKeys('rcr login device token v1'),
        log,
      }),
      namespace: config.RCR_NAMESPACE,
      idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
      idempotencyClaimMs: config.UPSTREAM_TIMEOUT_MS + 2000,
      consistencyTokens,
      responseCache,
      bus,
      eventStreams,
      graphql: {
        introspection:
          config.GRAPHQL_INTROSPECTION === 'auto'
            ? config.NODE_ENV !== 'production'
            : config.GRAPHQL_INTROSPECTION === 'true',
        maxDepth: config.GRAPHQL_MAX_DEPTH,
        maxCost: config.GRAPHQL_MAX_COST,
        maxAliases: config.GRAPHQL_MAX_ALIASES,
        maxOperationsPerSocket: config.GRAPHQL_MAX_OPERATIONS_PER_SOCKET,
        maxMessagesPerSecond: config.PUSH_MAX_MESSAGES_PER_SECOND,
        maxQueryBytes: config.GRAPHQL_MAX_QUERY_BYTES,
        maxBodyBytes: config.BODY_LIMIT_BYTES,
        keepAliveMs: config.SSE_HEARTBEAT_MS,
      },
      shedding: {
        maxEventLoopDelayMs: config.SHED_MAX_EVENT_LOOP_DELAY_MS,
        maxRssBytes: config.SHED_MAX_RSS_BYTES,
        retryAfterSeconds: 2,
      },
      timeouts: {
        headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
        requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
    });
    revocationsLoaded = () => verifier.revocations.loaded;
    const hub = new RealtimeHub(app.server, {
      verifier,
      log,
      corsOrigins,
      redis: config.REDIS_URL ? await redisAdapterLink(config.REDIS_URL) : undefined,
      namespace: config.RCR_NAMESPACE,
      maxRooms: config.SOCKET_MAX_ROOMS,
      maxMessagesPerSecond: config.PUSH_MAX_MESSAGES_PER_SECOND,
      maxPayloadBytes: config.SOCKET_MAX_PAYLOAD_BYTES,
      connections: eventStreams.connections,
      kv,
      clientAddress,
    });
    lifecycle.add('HTTP server', () => app.close());
    lifecycle.add('Socket.IO', () => hub.close());
    const plainWebSocket = new PlainWebSocket(app.server, {
      streams: eventStreams,
      verifier,
      corsOrigins,
      log,
      clientAddress,
      maxMessagesPerSecond: config.PUSH_MAX_MESSAGES_PER_SECOND,
      upgrades: { [GRAPHQL_PATH]: graphql.handleUpgrade },
    });
    lifecycle.add('plain WebSocket', () => plainWebSocket.close());
    lifecycle.add('GraphQL', () => graphql.close());
    // Streams never end by themselves: they close before the HTTP server waits for its connections.
    lifecycle.add('SSE streams', () => eventStreams.close());
    await metrics;
    await app.listen({ host: config.HOST, port: config.PORT });
    rateLimitCounters.start();
    lifecycle.add('rate-limit counters', async () => rateLimitCounters.stop());
    await hub.start(bus);
    if (responseCache) {
      await responseCache.start(bus);
      lifecycle.add('response cache', () => responseCache.close());
    }
    const revocationFeed = await startRevocationFeed({
      bus,
      verifier,
      upstreams,
      log,
      onRevoked: (revocation) => {
        hub.revoke(revocation);
        eventStreams.revoke(revocation);
      },
    });
    lifecycle.add('revocation feed', () => revocationFeed.stop());
    const partner = await startPartnerServer({
      host: config.HOST,
      port: config.PARTNER_GRPC_PORT,
      upstreams,
      verifier,
      streams: eventStreams,
      keyCacheMs: config.PARTNER_KEY_CACHE_MS,
      maxStreamsPerKey: config.PARTNER_MAX_STREAMS_PER_KEY,
      budget: partnerCallBudget(rateLimitCounters, config.PARTNER_RATE_LIMIT_PER_MINUTE),
      log,
    });
    lifecycle.add('partner gRPC server', () => partner.close());
    // The public /metrics counts from the start, not from its first scrape (counts are held from the
    // start, see above); prom-client itself loads once the start is over, off its critical path.
    if (config.METRICS_PUBLIC)
      setImmediate(
        () =>
          void enableMetrics(log).catch((err: unknown) => log.warn({ err }, 'metrics could not be loaded')),
      );
    const port = (app.server.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    log.info({ port, partnerGrpc: partner.address, bus: bus.kind }, 'gateway ready');
    return {
      url: `http://${host}:${port}`,
      port,
      partnerGrpc: partner.address,
      stop: () => lifecycle.stop(),
    };
  } catch (err) {
    await lifecycle.stop();
    throw err;
  }
}
