import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { PartnerClient, ReviewWatch, statusOf } from './support/partner-client.ts';

const available = await distributedAvailable('partner gRPC API across gateways');
const KEY_CACHE_MS = 500;

describe.skipIf(!available)('partner gRPC API across gateways (distributed mode)', () => {
  let system: DistributedSystem;
  let api: ApiClient;
  let admin: string;
  let partners: PartnerClient[] = [];
  const watches: ReviewWatch[] = [];

  beforeAll(async () => {
    // One recent event in each gateway's memory: resuming reads the JetStream stream.
    system = await startDistributedSystem(2, () => ({
      gateway: { SSE_RECENT_EVENTS: '1', PARTNER_KEY_CACHE_MS: String(KEY_CACHE_MS) },
    }));
    api = new ApiClient(system.gateways[0]!.url);
    admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    partners = system.gateways.map((g) => new PartnerClient(g.partnerGrpc));
  }, 180_000);

  afterAll(async () => {
    for (const watch of watches) watch.close();
    for (const partner of partners) partner.close();
    await system?.stop();
  });

  async function newKey(name: string) {
    return api.must<{ id: string; key: string }>('POST', '/v1/admin/partner-keys', { name }, admin, 201);
  }

  it('when a watcher drops from one gateway and resumes on the other after its last position, then it gets exactly what it missed', async () => {
    const { key } = await newKey('Two gateways');
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201);
    const publish = async () => {
      const review = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera.id), admin, 201);
      await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, admin);
      return review.id;
    };
    const first = new ReviewWatch(partners[0]!, { cameraId: camera.id }, { apiKey: key });
    watches.push(first);
    await first.opened;
    const r1 = await publish();
    await eventually(() => expect(first.reviewIds).toEqual([r1]), 15_000);
    const position = first.events[0]!.position;
    first.close();

    const missed = [await publish(), await publish()];
    const resumed = new ReviewWatch(partners[1]!, { cameraId: camera.id, after: position }, { apiKey: key });
    watches.push(resumed);
    await eventually(() => expect(resumed.reviewIds).toEqual(missed), 15_000);
    const live = await publish();
    await eventually(() => expect(resumed.reviewIds).toEqual([...missed, live]), 15_000);
    const positions = resumed.events.map((e) => Number(e.position));
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.every((p) => p > Number(position))).toBe(true);
  });

  it('when a key is revoked through one gateway, then the other refuses it within the key cache time', async () => {
    const { id, key } = await newKey('Revoked everywhere');
    await partners[1]!.listContent({ pageSize: 1 }, { apiKey: key });
    await api.must('DELETE', `/v1/admin/partner-keys/${id}`, undefined, admin, 204);
    const revokedAt = Date.now();
    let code: number | undefined;
    while (code === undefined && Date.now() - revokedAt < 5000) {
      code = await partners[1]!.listContent({ pageSize: 1 }, { apiKey: key }).then(
        () => undefined,
        (err: grpc.ServiceError) => err.code,
      );
    }
    expect(code).toBe(grpc.status.UNAUTHENTICATED);
    expect(Date.now() - revokedAt).toBeLessThan(KEY_CACHE_MS + 1500);
    expect((await statusOf(partners[0]!.listContent({}, { apiKey: key }))).code).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });
});
