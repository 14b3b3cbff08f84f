import { connect } from 'nats';
import {
  freePort,
  spawnService,
  waitForGrpc,
  waitForHttp,
  type ServiceProcess,
} from '../../scripts/processes.ts';
import { TEST_ADMIN } from './flow.ts';
import { freshDatabase, freshNamespace, infra } from './infra.ts';

/** A distributed system for one test file: a fresh database and namespace, one process per service. */
export interface DistributedSystem {
  databaseUrl: string;
  namespace: string;
  gateways: { url: string; process: ServiceProcess }[];
  services: Record<'identity' | 'reviews' | 'content', { address: string; process: ServiceProcess }>;
  env: Record<string, string>;
  /** (Re)starts one back-end service on its address. */
  restart(name: 'identity' | 'reviews' | 'content'): Promise<void>;
  stop(): Promise<void>;
}

/** Starts identity, reviews and content, then `gatewayCount` gateways, against the local PostgreSQL/NATS/Redis. */
export async function startDistributedSystem(
  gatewayCount = 2,
  /**
   * Extra environment for individual services (e.g. a DATABASE_URL through a fault-injection proxy);
   * `gateway` applies to every gateway.
   */
  overridesFor: (
    env: Record<string, string>,
  ) => Partial<Record<'identity' | 'reviews' | 'content' | 'gateway', Record<string, string>>> = () => ({}),
): Promise<DistributedSystem> {
  const db = await freshDatabase();
  const namespace = freshNamespace();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    RCR_NAMESPACE: namespace,
    RCR_ADMIN_EMAIL: TEST_ADMIN.email,
    RCR_ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  const overrides = overridesFor(env);
  const ports = { identity: await freePort(), reviews: await freePort(), content: await freePort() };
  const services = {} as DistributedSystem['services'];
  const start = async (name: 'identity' | 'reviews' | 'content') => {
    const address = `127.0.0.1:${ports[name]}`;
    const process = spawnService(name, { ...env, ...overrides[name], GRPC_PORT: String(ports[name]) });
    services[name] = { address, process };
    await waitForGrpc(process, address, 60_000);
  };
  const gateways: DistributedSystem['gateways'] = [];
  const stop = async () => {
    await Promise.all(
      [...gateways.map((g) => g.process), ...Object.values(services).map((s) => s.process)].map((p) =>
        p.kill('SIGTERM'),
      ),
    );
    const nc = await connect({ servers: infra.natsUrl });
    const jsm = await nc.jetstreamManager();
    for (const stream of [`${namespace}-events`, `${namespace}-dlq`])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await db.drop();
  };
  try {
    await Promise.all([start('identity'), start('reviews'), start('content')]);
    for (let i = 0; i < gatewayCount; i++) {
      const port = await freePort();
      const process = spawnService(
        'gateway',
        {
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
          IDENTITY_GRPC_URL: services.identity.address,
          REVIEWS_GRPC_URL: services.reviews.address,
          CONTENT_GRPC_URL: services.content.address,
          ...overrides.gateway,
        },
        { label: `gateway-${i}` },
      );
      gateways.push({ url: `http://127.0.0.1:${port}`, process });
      await waitForHttp(process, `http://127.0.0.1:${port}/readyz`, 60_000);
    }
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { databaseUrl: db.url, namespace, gateways, services, env, restart: start, stop };
}
