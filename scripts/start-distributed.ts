import { generateConsistencyKey } from '@rcr/gateway';
import { generateInternalKeyPair, publicKeyOf, readOrCreateKeyFile } from '@rcr/platform';
import { freePort, spawnService, waitForGrpc, waitForHttp, type ServiceProcess } from './processes.ts';

// `npm run start:distributed`: one OS process per service against PostgreSQL (DATABASE_URL), NATS
// (NATS_URL) and Redis (REDIS_URL). GATEWAY_PORTS=8080,8081 starts several gateways.
// The gateways sign every call to a service with this key; made for this start unless one is given.
const signingKey = process.env.RCR_INTERNAL_SIGNING_KEY ?? generateInternalKeyPair().signingKey;
// Every gateway signs and checks read-your-writes tokens with this key; made for this start unless given.
const consistencyKey = process.env.RCR_CONSISTENCY_KEY ?? generateConsistencyKey();
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  RCR_INTERNAL_PUBLIC_KEYS: process.env.RCR_INTERNAL_PUBLIC_KEYS ?? publicKeyOf(signingKey),
  RCR_ENCRYPTION_KEY: process.env.RCR_ENCRYPTION_KEY || (await devEncryptionKey()),
};

/** A development key kept in ./data/secrets/ (created on first use), for when none is given. */
async function devEncryptionKey(): Promise<string> {
  const path = 'data/secrets/distributed-encryption-key';
  const { spec, created } = await readOrCreateKeyFile(path);
  console.log(
    `RCR_ENCRYPTION_KEY not set: using the development key in ./${path}${created ? ' (just created)' : ''}; ` +
      'losing it makes the secrets stored in this database unreadable',
  );
  return spec;
}

const ports = {
  identity: Number(process.env.IDENTITY_GRPC_PORT ?? 50051),
  reviews: Number(process.env.REVIEWS_GRPC_PORT ?? 50052),
  content: Number(process.env.CONTENT_GRPC_PORT ?? 50053),
  jobs: Number(process.env.JOBS_GRPC_PORT ?? 50054),
  webhooks: Number(process.env.WEBHOOKS_GRPC_PORT ?? 50055),
  media: Number(process.env.MEDIA_GRPC_PORT ?? 50056),
};
const gatewayPorts = (process.env.GATEWAY_PORTS ?? process.env.PORT ?? '8080').split(',').map(Number);
// Each gateway serves the partner gRPC API on its own port: the first on PARTNER_GRPC_PORT, then the next.
const partnerPort = Number(process.env.PARTNER_GRPC_PORT ?? 50060);
const upstreams = {
  IDENTITY_GRPC_URL: `127.0.0.1:${ports.identity}`,
  REVIEWS_GRPC_URL: `127.0.0.1:${ports.reviews}`,
  CONTENT_GRPC_URL: `127.0.0.1:${ports.content}`,
  JOBS_GRPC_URL: `127.0.0.1:${ports.jobs}`,
  WEBHOOKS_GRPC_URL: `127.0.0.1:${ports.webhooks}`,
  MEDIA_GRPC_URL: `127.0.0.1:${ports.media}`,
};

// Each process serves Prometheus metrics on its own port: the services from METRICS_BASE_PORT (default
// 9464) in the order above, then the gateways; METRICS_BASE_PORT=0 turns them off.
const metricsBase = Number(process.env.METRICS_BASE_PORT ?? 9464);
let metricsNext = metricsBase;
const metricsEnv = (): { METRICS_PORT?: string } =>
  metricsBase ? { METRICS_PORT: String(metricsNext++) } : {};

const running: ServiceProcess[] = [];
const stopAll = async () => {
  await Promise.all(running.map((p) => p.kill('SIGTERM')));
  process.exit(0);
};
process.once('SIGINT', stopAll);
process.once('SIGTERM', stopAll);

for (const name of ['identity', 'reviews', 'content', 'jobs', 'webhooks', 'media'] as const) {
  const child = spawnService(
    name,
    { ...env, ...metricsEnv(), GRPC_PORT: String(ports[name]) },
    { echo: true },
  );
  running.push(child);
  await waitForGrpc(child, `127.0.0.1:${ports[name]}`);
}
for (const [i, port] of gatewayPorts.entries()) {
  const actual = port || (await freePort());
  const child = spawnService(
    'gateway',
    {
      ...env,
      ...upstreams,
      ...metricsEnv(),
      PORT: String(actual),
      PARTNER_GRPC_PORT: String(partnerPort && partnerPort + i),
      RCR_INTERNAL_SIGNING_KEY: signingKey,
      RCR_CONSISTENCY_KEY: consistencyKey,
    },
    { label: `gateway:${actual}`, echo: true },
  );
  running.push(child);
  await waitForHttp(child, `http://127.0.0.1:${actual}/healthz`);
  console.log(
    `gateway ready: http://127.0.0.1:${actual}/v1/content · partner gRPC 127.0.0.1:${partnerPort && partnerPort + i}`,
  );
}
console.log('rcr is running (distributed mode). Press Ctrl+C to stop every process.');
