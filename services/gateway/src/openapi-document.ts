import {
  createLogger,
  generateInternalKeyPair,
  InternalTokenSigner,
  MemoryKeyValueStore,
} from '@rcr/platform';
import { buildHttpApp } from './app.ts';
import { ConsistencyTokens, generateConsistencyKey } from './rest/consistency.ts';
import { Upstreams } from './upstream/clients.ts';

/**
 * The OpenAPI document as the gateway serves it at /openapi.json, built without listening or calling any
 * service (gRPC clients connect lazily), for the committed docs/openapi.json and its checks.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const upstreams = new Upstreams(
    {
      identity: '127.0.0.1:1',
      reviews: '127.0.0.1:1',
      content: '127.0.0.1:1',
      jobs: '127.0.0.1:1',
      webhooks: '127.0.0.1:1',
      media: '127.0.0.1:1',
    },
    1000,
    new InternalTokenSigner(generateInternalKeyPair().signingKey),
  );
  const { app } = await buildHttpApp({
    upstreams,
    log: createLogger('openapi', 'silent'),
    bodyLimit: 1024 * 1024,
    corsOrigins: '*',
    ready: async () => ({}),
    kv: new MemoryKeyValueStore(),
    rateLimits: { anonymous: 1, editor: 1, login: 1, loginPerAccount: 1 },
    namespace: 'openapi',
    idempotencyTtlHours: 24,
    consistencyTokens: new ConsistencyTokens(generateConsistencyKey()),
    publicMetrics: true,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    upstreams.close();
  }
}
