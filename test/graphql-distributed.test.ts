import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiClient, cameraBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

const available = await distributedAvailable('GraphQL in distributed mode');

async function gql<T>(url: string, query: string, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: T; errors?: unknown[] };
}

describe.skipIf(!available)('GraphQL in distributed mode (NATS JetStream, two gateways)', () => {
  let system: DistributedSystem;
  const clients: Client[] = [];

  beforeAll(async () => {
    system = await startDistributedSystem(2);
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await system?.stop();
  });

  it('when a review is published by a mutation on one gateway, then a graphql-ws subscriber on the other gets reviewPublished with the published review', async () => {
    const [a, b] = system.gateways.map((g) => g.url) as [string, string];
    const api = new ApiClient(a);
    const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201);

    const client = createClient({
      url: `${b.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const received: { data?: { reviewPublished: { reviewId: string; review: { title: string } | null } } }[] =
      [];
    client.subscribe(
      { query: `subscription { reviewPublished(cameraId: "${camera.id}") { reviewId review { title } } }` },
      {
        next: (value) => void received.push(value as (typeof received)[number]),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await connected;
    await new Promise((r) => setTimeout(r, 300));

    const created = await gql<{ createReview: { id: string } }>(
      a,
      `mutation { createReview(input: {cameraId: "${camera.id}", title: "Entre gateways", body: "Cuerpo", rating: 8, verdict: "Sí"}) { id } }`,
      admin,
    );
    const id = created.data?.createReview.id as string;
    expect((await gql(a, `mutation { publishReview(id: "${id}") { id } }`, admin)).errors).toBeUndefined();
    for (let i = 0; i < 400 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(received).toHaveLength(1);
    expect(received[0]?.data?.reviewPublished).toEqual({ reviewId: id, review: { title: 'Entre gateways' } });

    // The other gateway answers the new content at once for the same query.
    const page = await gql<{ content: { edges: { node: { id: string } }[] } }>(
      b,
      `{ content(camera: "${camera.id}") { edges { node { id } } } }`,
    );
    expect(page.data?.content.edges.map((e) => e.node.id)).toEqual([id]);
  });
});
