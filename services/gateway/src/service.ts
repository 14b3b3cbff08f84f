import type { AddressInfo } from 'node:net';
import { createLogger, openBus, type EventBus, type Logger } from '@rcr/platform';
import { buildHttpApp } from './app.ts';
import type { GatewayConfig } from './config.ts';
import { RealtimeHub } from './realtime/socket.ts';
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
  const upstreams = new Upstreams(
    options.upstreams ?? {
      identity: config.IDENTITY_GRPC_URL,
      reviews: config.REVIEWS_GRPC_URL,
      content: config.CONTENT_GRPC_URL,
    },
    config.UPSTREAM_TIMEOUT_MS,
  );
  const bus = await openBus(config, 'gateway', options.bus);
  const ready = async () => {
    const [services, busOk] = await Promise.all([
      upstreams.health(),
      bus.ping().then(
        () => true,
        () => false,
      ),
    ]);
    return { ...services, bus: busOk };
  };
  const { app, verifier } = buildHttpApp({ upstreams, log, bodyLimit: config.BODY_LIMIT_BYTES, ready });
  const corsOrigins = config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(',').map((o) => o.trim());
  const hub = new RealtimeHub(app.server, {
    verifier,
    log,
    corsOrigins,
    redisUrl: config.REDIS_URL,
    namespace: config.RCR_NAMESPACE,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  await hub.start(bus);
  const port = (app.server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  log.info({ port, bus: bus.kind }, 'gateway ready');
  return {
    url: `http://${host}:${port}`,
    port,
    async stop() {
      await hub.close();
      await app.close();
      upstreams.close();
      if (!options.bus) await bus.close();
    },
  };
}
