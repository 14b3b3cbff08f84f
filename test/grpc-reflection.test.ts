import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { clientByReflection, listServices } from './support/grpc-reflection.ts';
import { startTestSystem } from './support/system.ts';

let system: EmbeddedSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const STANDARD = [
  'grpc.health.v1.Health',
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
];

function call<T>(client: grpc.Client & Record<string, unknown>, method: string, request: object): Promise<T> {
  const fn = client[method] as (
    r: object,
    m: grpc.Metadata,
    cb: (err: grpc.ServiceError | null, res: T) => void,
  ) => void;
  return new Promise((resolve, reject) =>
    fn.call(client, request, new grpc.Metadata(), (err, res) => (err ? reject(err) : resolve(res))),
  );
}

describe('gRPC server reflection on the internal services', () => {
  it('when a reflection client lists each service’s server, then it sees that service, health and reflection, nothing else', async () => {
    const expected: Record<string, string> = {
      identity: 'rcr.identity.v1.IdentityService',
      reviews: 'rcr.reviews.v1.ReviewsService',
      content: 'rcr.content.v1.ContentService',
      jobs: 'rcr.jobs.v1.JobsService',
      webhooks: 'rcr.webhooks.v1.WebhooksService',
      media: 'rcr.media.v1.MediaService',
    };
    expect(system.services.map((service) => service.name).sort()).toEqual(Object.keys(expected).sort());
    for (const service of system.services) {
      expect(await listServices(service.address)).toEqual([...STANDARD, expected[service.name]].sort());
    }
  });

  it('when a client is built from the file descriptors reflection serves, then its calls reach the server (health answers, the service still wants the internal token)', async () => {
    const content = system.services.find((s) => s.name === 'content')!;
    const health = await clientByReflection(content.address, 'grpc.health.v1.Health');
    expect(await call<{ status: string }>(health, 'Check', { service: '' })).toEqual({ status: 'SERVING' });
    health.close();
    const contentClient = await clientByReflection(content.address, 'rcr.content.v1.ContentService');
    const err = await call(contentClient, 'ListContent', { limit: 1 }).catch((e: grpc.ServiceError) => e);
    contentClient.close();
    expect((err as grpc.ServiceError).code).toBe(grpc.status.UNAUTHENTICATED);
  });
});
