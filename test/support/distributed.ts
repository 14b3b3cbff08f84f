import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { generateConsistencyKey } from '@rcr/gateway';
import { generateInternalKeyPair, grpcTlsFromFiles, newKeyRingSpec } from '@rcr/platform';
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
  /** Each gateway's REST base URL, process, partner gRPC address and Prometheus endpoint. */
  gateways: { url: string; process: ServiceProcess; partnerGrpc: string; metricsUrl: string }[];
  /** Each service's gRPC address, process and Prometheus endpoint (`http://…/metrics`, METRICS_PORT). */
  services: Record<BackEnd, { address: string; process: ServiceProcess; metricsUrl: string }>;
  env: Record<string, string>;
  /** The key pair the gateways sign their calls with (services trust its public half). */
  internalKeys: { signingKey: string; publicKey: string };
  /** (Re)starts gateway number `i` on its port (after it was killed). */
  restartGateway(i: number): Promise<void>;
  /** The key every gateway signs and checks read-your-writes tokens with (RCR_CONSISTENCY_KEY). */
  consistencyKey: string;
  /** (Re)starts one back-end service on its address (`env` over its usual environment, e.g. other RCR_FAULTS). */
  restart(name: BackEnd, env?: Record<string, string>): Promise<void>;
  /** Starts one more process of a back-end service (a second replica on the same database and bus). */
  startReplica(name: BackEnd): Promise<{ address: string; process: ServiceProcess }>;
  /**
   * Starts one more gateway, `env` over the usual gateway environment (e.g. IDENTITY_GRPC_URL of a
   * replica); it is appended to `gateways`.
   */
  addGateway(env?: Record<string, string>): Promise<DistributedSystem['gateways'][number]>;
  stop(): Promise<void>;
}

/** The back-end services of a distributed system (one process each). */
export type BackEnd = 'identity' | 'reviews' | 'content' | 'jobs' | 'webhooks' | 'media';

/**
 * Starts identity, reviews, content, jobs, webhooks and media, then `gatewayCount` gateways, against the
 * local PostgreSQL/NATS/Redis; the bucket of jobs and media is a temporary directory unless overridden.
 */
export async function startDistributedSystem(
  gatewayCount = 2,
  /**
   * Extra environment for individual services (e.g. a DATABASE_URL through a fault-injection proxy);
   * `gateway` applies to every gateway.
   */
  overridesFor: (
    env: Record<string, string>,
  ) => Partial<Record<BackEnd | 'gateway', Record<string, string>>> = () => ({}),
  /** Environment for every process (services and gateways), e.g. the GRPC_TLS_* files. */
  commonEnv: Record<string, string> = {},
  /**
   * The database to run on (dropped by `stop` through its `drop`) instead of a fresh empty one, e.g. a
   * copy of a database a benchmark loaded earlier (bench/support/cluster.ts, `--reuse`).
   */
  database?: { url: string; drop: () => Promise<void> },
): Promise<DistributedSystem> {
  const db = database ?? (await freshDatabase());
  const namespace = freshNamespace();
  const keys = generateInternalKeyPair();
  const consistencyKey = generateConsistencyKey();
  const env: Record<string, string> = {
    RCR_INTERNAL_PUBLIC_KEYS: keys.publicKey,
    DATABASE_URL: db.url,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    RCR_NAMESPACE: namespace,
    RCR_ADMIN_EMAIL: TEST_ADMIN.email,
    RCR_ADMIN_PASSWORD: TEST_ADMIN.password,
    // Each test system gets its own key: services refuse to store secrets without one in this mode.
    RCR_ENCRYPTION_KEY: newKeyRingSpec(`test-${namespace}`),
    LOG_LEVEL: 'warn',
    ...commonEnv,
  };
  const overrides = overridesFor(env);
  const tls = grpcTlsFromFiles(env);
  const ports = {
    identity: await freePort(),
    reviews: await freePort(),
    content: await freePort(),
    jobs: await freePort(),
    webhooks: await freePort(),
    media: await freePort(),
  };
  const metricsPorts: Partial<Record<BackEnd, number>> = {};
  const bucketDir = path.join(tmpdir(), `rcr-bucket-${namespace}`);
  const own: Partial<Record<BackEnd, Record<string, string>>> = {
    jobs: { BUCKET_URL: `file://${bucketDir}` },
    media: { BUCKET_URL: `file://${bucketDir}` },
  };
  const services = {} as DistributedSystem['services'];
  const start = async (name: BackEnd, extra: Record<string, string> = {}) => {
    const address = `127.0.0.1:${ports[name]}`;
    const metricsPort = (metricsPorts[name] ??= await freePort());
    const process = spawnService(name, {
      ...env,
      ...own[name],
      ...overrides[name],
      ...extra,
      GRPC_PORT: String(ports[name]),
      METRICS_PORT: String(metricsPort),
    });
    services[name] = { address, process, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
    await waitForGrpc(process, address, 60_000, tls);
  };
  const replicas: ServiceProcess[] = [];
  const startReplica = async (name: BackEnd) => {
    const address = `127.0.0.1:${await freePort()}`;
    const process = spawnService(
      name,
      {
        ...env,
        ...own[name],
        ...overrides[name],
        GRPC_PORT: address.split(':')[1] as string,
        METRICS_PORT: String(await freePort()),
      },
      { label: `${name}-replica-${replicas.length + 1}` },
    );
    replicas.push(process);
    await waitForGrpc(process, address, 60_000, tls);
    return { address, process };
  };
  const gateways: DistributedSystem['gateways'] = [];
  const stop = async () => {
    await Promise.all(
      [...gateways.map((g) => g.process), ...Object.values(services).map((s) => s.process), ...replicas].map(
        (p) => p.kill('SIGTERM'),
      ),
    );
    const nc = await connect({ servers: infra.natsUrl });
    const jsm = await jetstreamManager(nc);
    for (const stream of [`${namespace}-events`, `${namespace}-dlq`, `${namespace}-replay`])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await db.drop();
    await rm(bucketDir, { recursive: true, force: true });
  };
  const partnerPorts: number[] = [];
  const gatewayMetricsPorts: number[] = [];
  const gatewayEnv: Record<string, string>[] = [];
  const startGateway = async (i: number, port: number) => {
    const extra = gatewayEnv[i] ?? {};
    partnerPorts[i] ??= await freePort();
    gatewayMetricsPorts[i] ??= await freePort();
    const process = spawnService(
      'gateway',
      {
        ...env,
        PORT: String(port),
        PARTNER_GRPC_PORT: String(partnerPorts[i]),
        METRICS_PORT: String(gatewayMetricsPorts[i]),
        HOST: '127.0.0.1',
        RCR_INTERNAL_SIGNING_KEY: keys.signingKey,
        RCR_CONSISTENCY_KEY: consistencyKey,
        IDENTITY_GRPC_URL: services.identity.address,
        REVIEWS_GRPC_URL: services.reviews.address,
        CONTENT_GRPC_URL: services.content.address,
        JOBS_GRPC_URL: services.jobs.address,
        WEBHOOKS_GRPC_URL: services.webhooks.address,
        MEDIA_GRPC_URL: services.media.address,
        ...overrides.gateway,
        ...extra,
      },
      { label: `gateway-${i}` },
    );
    gateways[i] = {
      url: `http://127.0.0.1:${port}`,
      process,
      partnerGrpc: `127.0.0.1:${partnerPorts[i]}`,
      metricsUrl: `http://127.0.0.1:${gatewayMetricsPorts[i]}/metrics`,
    };
    await waitForHttp(process, `http://127.0.0.1:${port}/readyz`, 60_000);
  };
  try {
    await Promise.all([
      start('identity'),
      start('reviews'),
      start('content'),
      start('jobs'),
      start('webhooks'),
      start('media'),
    ]);
    const gatewayPorts: number[] = [];
    for (let i = 0; i < gatewayCount; i++) gatewayPorts.push(await freePort());
    await Promise.all(gatewayPorts.map((port, i) => startGateway(i, port)));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return {
    databaseUrl: db.url,
    namespace,
    gateways,
    services,
    env,
    internalKeys: keys,
    consistencyKey,
    restart: start,
    restartGateway: (i) => startGateway(i, Number(new URL(gateways[i]?.url ?? '').port)),
    startReplica,
    addGateway: async (extra = {}) => {
      const i = gateways.length;
      gatewayEnv[i] = extra;
      await startGateway(i, await freePort());
      return gateways[i] as DistributedSystem['gateways'][number];
    },
    stop,
  };
}
