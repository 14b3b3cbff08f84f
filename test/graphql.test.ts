import { readFileSync } from 'node:fs';
import {
  gatewayConfigSchema,
  generateConsistencyKey,
  graphqlSchemaDocument,
  startGateway,
  type RunningGateway,
} from '@rcr/gateway';
import { generateInternalKeyPair } from '@rcr/platform';
import { serverAudits } from 'graphql-http';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { GrpcCallCounter } from './support/grpc-call-counter.ts';
import { startTestSystem } from './support/system.ts';

type GqlError = { message: string; path?: string[]; extensions?: Record<string, unknown> };
type GqlAnswer<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: GqlError[] };
};

const signingKey = generateInternalKeyPair().signingKey;
let system: EmbeddedSystem;
let api: ApiClient;
let admin: string;
let editor: { id: string; token: string };
let other: { id: string; token: string };
let cameras: string[];
/** The 20 published reviews, by the editor, spread over three cameras. */
let published: { id: string; slug: string; cameraId: string }[];
/** A second gateway whose upstream calls go through counting proxies. */
let counted: {
  gateway: RunningGateway;
  content: GrpcCallCounter;
  identity: GrpcCallCounter;
  reviews: GrpcCallCounter;
};
const clients: Client[] = [];

async function gql<T = Record<string, unknown>>(
  query: string,
  options: {
    variables?: Record<string, unknown>;
    token?: string;
    url?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<GqlAnswer<T>> {
  const response = await fetch(`${options.url ?? system.gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GqlAnswer<T>['body'],
  };
}

/** Polls an async check until it passes (or rethrows its last failure after `timeoutMs`). */
async function until(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function newEditor(name: string) {
  const email = `gql-${name.toLowerCase()}-${Date.now()}@test.rcr`;
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name, password: 'editor-password-1', role: 'editor' },
    admin,
    201,
  );
  return { id: created.id, token: (await api.login(email, 'editor-password-1')).accessToken };
}

beforeAll(async () => {
  system = await startTestSystem({
    RCR_INTERNAL_SIGNING_KEY: signingKey,
    CORS_ORIGINS: 'https://rcr.example',
    GRAPHQL_MAX_DEPTH: '8',
    GRAPHQL_MAX_COST: '3000',
    GRAPHQL_MAX_QUERY_BYTES: '4096',
    GRAPHQL_MAX_OPERATIONS_PER_SOCKET: '3',
    BODY_LIMIT_BYTES: '65536',
    SSE_HEARTBEAT_MS: '300',
  });
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  editor = await newEditor('Gala');
  other = await newEditor('Otto');
  cameras = [];
  for (let i = 0; i < 3; i++)
    cameras.push((await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id);
  published = [];
  for (let i = 0; i < 20; i++) {
    const cameraId = cameras[i % 3] as string;
    const review = await api.must<{ id: string; slug: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId, { title: `Reseña número ${i}`, rating: 5 + (i % 5) }),
      editor.token,
      201,
    );
    await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, editor.token);
    published.push({ id: review.id, slug: review.slug, cameraId });
  }
  await until(async () => {
    const { body } = await gql<{ content: { totalCount: number } }>('{ content { totalCount } }');
    expect(body.data?.content.totalCount).toBe(20);
  });

  const services = Object.fromEntries(system.services.map((s) => [s.name, s.address]));
  const proxies = {
    identity: new GrpcCallCounter(services.identity as string),
    reviews: new GrpcCallCounter(services.reviews as string),
    content: new GrpcCallCounter(services.content as string),
  };
  const gateway = await startGateway({
    config: gatewayConfigSchema.parse({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RCR_INTERNAL_SIGNING_KEY: signingKey,
      RCR_CONSISTENCY_KEY: generateConsistencyKey(),
      GRAPHQL_INTROSPECTION: 'false',
    }),
    bus: system.bus,
    upstreams: {
      identity: await proxies.identity.listen(),
      reviews: await proxies.reviews.listen(),
      content: await proxies.content.listen(),
      jobs: system.services.find((service) => service.name === 'jobs')?.address ?? '127.0.0.1:1',
      webhooks: services.webhooks as string,
      media: system.services.find((service) => service.name === 'media')?.address ?? '127.0.0.1:1',
    },
  });
  counted = { gateway, ...proxies };
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await counted?.gateway.stop();
  await Promise.all([counted?.content.close(), counted?.identity.close(), counted?.reviews.close()]);
  await system?.stop();
});

describe('GraphQL queries', () => {
  it('when a client pages through content with first/after, then it gets every published review once, in order, with totalCount and pageInfo', async () => {
    type Page = {
      content: {
        totalCount: number;
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const query = `query ($after: String) { content(first: 6, after: $after) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { status, body } = await gql<Page>(query, { variables: { after } });
      expect(status).toBe(200);
      const page = body.data?.content as Page['content'];
      expect(page.totalCount).toBe(20);
      seen.push(...page.edges.map((e) => e.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(20);
    expect(new Set(seen)).toEqual(new Set(published.map((p) => p.id)));

    // An edge's cursor inside a page resumes right after that edge.
    const first = (await gql<Page>(query, { variables: { after: null } })).body.data
      ?.content as Page['content'];
    const fromSecond = (await gql<Page>(query, { variables: { after: first.edges[1]?.cursor } })).body.data
      ?.content as Page['content'];
    expect(fromSecond.edges.map((e) => e.node.id).slice(0, 4)).toEqual(
      first.edges.map((e) => e.node.id).slice(2, 6),
    );
    expect(fromSecond.edges[0]?.node.id).toBe(seen[2]);
  });

  it('when content is filtered and sorted, then the filter applies as in REST', async () => {
    const camera = cameras[0] as string;
    const { body } = await gql<{
      content: { totalCount: number; edges: { node: { rating: number; camera: { id: string } } }[] };
    }>(
      `{ content(camera: "${camera}", sort: ["-rating"], first: 20) { totalCount edges { node { rating camera { id } } } } }`,
    );
    const edges = body.data?.content.edges ?? [];
    expect(body.data?.content.totalCount).toBe(published.filter((p) => p.cameraId === camera).length);
    expect(edges.every((e) => e.node.camera.id === camera)).toBe(true);
    const ratings = edges.map((e) => e.node.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it('when a client asks for one review, a camera, cameras, a comparison and an editor, then each answers what REST answers', async () => {
    const target = published[0] as (typeof published)[number];
    const bySlug = await gql<{ review: { id: string; status: string; author: { name: string } } }>(
      `{ review(slug: "${target.slug}") { id status author { name } } }`,
    );
    expect(bySlug.body.data?.review).toEqual({
      id: target.id,
      status: 'PUBLISHED',
      author: { name: 'Gala' },
    });
    expect((await gql(`{ review(slug: "no-such-review") { id } }`)).body.data).toEqual({ review: null });

    const rest = await api.request<{ data: { averageRating: number; reviewCount: number } }>(
      'GET',
      `/v1/cameras/${target.cameraId}`,
    );
    const camera = await gql<{
      camera: { averageRating: number; reviewCount: number; reviews: { totalCount: number } };
    }>(`{ camera(id: "${target.cameraId}") { averageRating reviewCount reviews(first: 2) { totalCount } } }`);
    expect(camera.body.data?.camera.averageRating).toBe(rest.body.data.averageRating);
    expect(camera.body.data?.camera.reviewCount).toBe(rest.body.data.reviewCount);
    expect(camera.body.data?.camera.reviews.totalCount).toBe(rest.body.data.reviewCount);

    const list = await gql<{ cameras: { totalCount: number; edges: unknown[] } }>(
      `{ cameras(first: 2, brand: "Testbrand") { totalCount edges { node { id name } } } }`,
    );
    expect(list.body.data?.cameras.totalCount).toBe(3);
    expect(list.body.data?.cameras.edges).toHaveLength(2);

    const comparison = await gql<{ comparison: { cameras: { id: string }[]; fields: { field: string }[] } }>(
      `{ comparison(ids: ["${cameras[0]}", "${cameras[1]}"]) { cameras { id name } fields { field unit better values { cameraId value } bestCameraIds } } }`,
    );
    expect(comparison.body.data?.comparison.cameras.map((c) => c.id)).toEqual([cameras[0], cameras[1]]);
    expect(comparison.body.data?.comparison.fields.map((f) => f.field)).toContain('megapixels');
    const tooFew = await gql(`{ comparison(ids: ["${cameras[0]}"]) { cameras { id } } }`);
    expect(tooFew.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });

    const asAdmin = await gql<{ editor: { name: string; email: string; role: string } }>(
      `{ editor(id: "${editor.id}") { name email role } }`,
      { token: admin },
    );
    expect(asAdmin.body.data?.editor).toMatchObject({ name: 'Gala', role: 'editor' });
    const anonymous = await gql(`{ editor(id: "${editor.id}") { name } }`);
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    const asOther = await gql(`{ editor(id: "${editor.id}") { email } }`, { token: other.token });
    expect(asOther.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('GraphQL mutations', () => {
  it('when a mutation comes without a token, then it is UNAUTHENTICATED with the REST problem code', async () => {
    const { status, body } = await gql(
      `mutation { createReview(input: {cameraId: "${cameras[0]}", title: "Sin token", body: "b", rating: 5, verdict: "v"}) { id } }`,
    );
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.path).toEqual(['createReview']);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_MISSING',
      status: 401,
    });
    const revoked = await gql(`mutation { publishReview(id: "${published[0]?.id}") { id } }`, {
      token: 'a.b.c',
    });
    expect(revoked.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('when an editor logs out, then GraphQL refuses that access token as REST does (TOKEN_REVOKED)', async () => {
    const email = `gql-out-${Date.now()}@test.rcr`;
    await api.must(
      'POST',
      '/v1/editors',
      { email, name: 'Lara', password: 'editor-password-1', role: 'editor' },
      admin,
      201,
    );
    const session = await api.login(email, 'editor-password-1');
    const before = await gql('{ myReviews { totalCount } }', { token: session.accessToken });
    expect(before.body.errors).toBeUndefined();
    const out = await api.request('POST', '/v1/auth/logout', {
      token: session.accessToken,
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    await until(async () => {
      const after = await gql('{ myReviews { totalCount } }', { token: session.accessToken });
      expect(after.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'TOKEN_REVOKED',
        status: 401,
      });
    }, 3000);
  });

  it('when an editor edits, publishes or deletes another editor’s review, then it is NOT_FOUND as in REST (it does not exist for them), and the owner may', async () => {
    const target = published[1]?.id as string;
    const rest = await api.request<{ code: string }>('PATCH', `/v1/reviews/${target}`, {
      body: { title: 'Robada' },
      token: other.token,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(rest.status).toBe(404);
    for (const mutation of [
      `updateReview(id: "${target}", input: {title: "Robada"}) { id }`,
      `unpublishReview(id: "${target}") { id }`,
      `deleteReview(id: "${target}")`,
    ]) {
      const { body } = await gql(`mutation { ${mutation} }`, { token: other.token });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: rest.body.code,
        status: 404,
      });
    }
    const own = await gql<{ updateReview: { title: string; version: number; status: string } }>(
      `mutation { updateReview(id: "${target}", input: {title: "Título nuevo"}) { title version status } }`,
      { token: editor.token },
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.updateReview).toMatchObject({ title: 'Título nuevo', status: 'PUBLISHED' });
    const stale = await gql(
      `mutation { updateReview(id: "${target}", input: {title: "Otra"}, expectedVersion: 1) { id } }`,
      { token: editor.token },
    );
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', status: 412 });
    // 0 names no version (they start at 1): refused, never taken as "any version", and nothing changes.
    const zero = await gql(
      `mutation { updateReview(id: "${target}", input: {title: "Versión cero"}, expectedVersion: 0) { id } }`,
      { token: editor.token },
    );
    expect(zero.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    const after = await api.request<{ data: { title: string } }>('GET', `/v1/reviews/${target}`, {
      token: editor.token,
    });
    expect(after.body.data.title).toBe('Título nuevo');
  });

  it('when a review or camera is written with bad input, then it is BAD_USER_INPUT naming the fields, as REST’s 400', async () => {
    const { body } = await gql(
      `mutation { createReview(input: {cameraId: "${cameras[0]}", title: "", body: "b", rating: 11, verdict: "v"}) { id } }`,
      { token: editor.token },
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'VALIDATION_FAILED',
      status: 400,
    });
    const fields = (body.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['input.title', 'input.rating']));

    const badCamera = await gql(
      `mutation { createCamera(input: {brand: "B", model: "M", type: compact, specs: {isoMin: 6400, isoMax: 100}}) { id } }`,
      { token: admin },
    );
    expect(badCamera.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });

    const notAnId = await gql(`mutation { publishReview(id: "nope") { id } }`, { token: editor.token });
    expect(notAnId.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const wrongType = await gql(`mutation { publishReview(id: true) { id } }`, { token: editor.token });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('when an editor creates, publishes, unpublishes and deletes a review and a camera, then each mutation answers the write and a read-your-writes token', async () => {
    const camera = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: `mutation { createCamera(input: {brand: "Gqlbrand", model: "G-${Date.now()}", type: medium_format, specs: {megapixels: 100}}) { id name type specs { megapixels } } }`,
      }),
    });
    const consistency = camera.headers.get('rcr-consistency-token') as string;
    expect(consistency).toBeTruthy();
    const created = ((await camera.json()) as { data: { createCamera: { id: string; type: string } } }).data
      .createCamera;
    expect(created.type).toBe('medium_format');
    // Read-your-writes as on REST: the writer's token makes the read wait until content shows the camera.
    const read = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        'rcr-consistency-token': consistency,
      },
      body: JSON.stringify({ query: `{ camera(id: "${created.id}") { id reviewCount } }` }),
    });
    expect(read.headers.get('rcr-consistency')).toBe('reached');
    expect(await read.json()).toEqual({ data: { camera: { id: created.id, reviewCount: 0 } } });
    const forged = await gql('{ content { totalCount } }', {
      token: admin,
      headers: { 'rcr-consistency-token': `${consistency.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });

    const review = await gql<{ createReview: { id: string; status: string } }>(
      `mutation { createReview(input: {cameraId: "${created.id}", title: "Con GraphQL", body: "Cuerpo", rating: 7.5, verdict: "Bien"}) { id status } }`,
      { token: editor.token },
    );
    const id = review.body.data?.createReview.id as string;
    expect(review.body.data?.createReview.status).toBe('DRAFT');
    const mine = await gql<{ review: { id: string; status: string } }>(
      `{ review(id: "${id}") { id status } }`,
      {
        token: editor.token,
      },
    );
    expect(mine.body.data?.review).toEqual({ id, status: 'DRAFT' });
    const pub = await gql<{ publishReview: { status: string } }>(
      `mutation { publishReview(id: "${id}") { status } }`,
      {
        token: editor.token,
      },
    );
    expect(pub.body.data?.publishReview.status).toBe('PUBLISHED');
    const unpub = await gql<{ unpublishReview: { status: string } }>(
      `mutation { unpublishReview(id: "${id}") { status } }`,
      { token: editor.token },
    );
    expect(unpub.body.data?.unpublishReview.status).toBe('DRAFT');
    // An Idempotency-Key does not replay a GraphQL answer (one request may hold several writes): the
    // second delete with the same key reaches the service, which says the review is gone.
    const key = { 'idempotency-key': `gql-${id}` };
    const deleted = await gql(`mutation { deleteReview(id: "${id}") }`, {
      token: editor.token,
      headers: key,
    });
    expect(deleted.body.data).toEqual({ deleteReview: id });
    const again = await gql(`mutation { deleteReview(id: "${id}") }`, { token: editor.token, headers: key });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const updated = await gql<{ updateCamera: { specs: { megapixels: number; priceUsd: number } } }>(
      `mutation { updateCamera(id: "${created.id}", input: {specs: {priceUsd: 5000}}) { specs { megapixels priceUsd } } }`,
      { token: admin },
    );
    expect(updated.body.data?.updateCamera.specs).toEqual({ megapixels: 100, priceUsd: 5000 });
    expect((await gql(`mutation { deleteCamera(id: "${created.id}") }`, { token: admin })).body.data).toEqual(
      {
        deleteCamera: created.id,
      },
    );
  });
});

describe('GraphQL batched loading', () => {
  it('when a page of 20 reviews asks for each camera’s score and author, then the gateway makes one content list call plus one batched camera read', async () => {
    counted.content.reset();
    counted.identity.reset();
    const { body } = await gql<{
      content: {
        edges: { node: { camera: { name: string; averageRating: number }; author: { name: string } } }[];
      };
    }>(
      `{ content(first: 20) { edges { node { title camera { name averageRating reviewCount } author { name } } } } }`,
      { url: counted.gateway.url },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.content.edges).toHaveLength(20);
    expect(body.data?.content.edges.every((e) => e.node.author.name === 'Gala')).toBe(true);
    const calls = counted.content.of('ContentService');
    expect(calls.filter((m) => m === 'ListContentJson')).toHaveLength(1);
    expect(calls.filter((m) => m === 'GetCameras')).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(counted.identity.of('IdentityService').filter((m) => m === 'GetEditor')).toHaveLength(0);
  });

  it('when an admin lists 20 reviews with their authors’ accounts, then each author account and camera is read once', async () => {
    counted.content.reset();
    counted.identity.reset();
    const { body } = await gql<{ myReviews: { edges: { node: { author: { email: string } } }[] } }>(
      `{ myReviews(first: 20, status: PUBLISHED) { edges { node { author { name email } camera { name } } } } }`,
      { url: counted.gateway.url, token: admin },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.myReviews.edges.length).toBeGreaterThanOrEqual(19);
    expect(counted.identity.of('IdentityService').filter((m) => m === 'GetEditor')).toHaveLength(1);
    expect(counted.content.of('ContentService').filter((m) => m.startsWith('GetCamera'))).toEqual([
      'GetCameras',
    ]);
  });
});

describe('GraphQL limits and HTTP', () => {
  it('when a query is too deep, too costly or too large, then it is refused with GraphQL errors before anything runs', async () => {
    const deep = await gql(
      `{ content { edges { node { camera { reviews { edges { node { camera { reviews { edges { node { id } } } } } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.data).toBeUndefined();
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP' });

    const fields = 'title body rating verdict language slug publishedAt updatedAt pros cons';
    const costly = await gql(
      `fragment R on Review { ${fields} camera { name brand model averageRating reviewCount } author { name } }
      { ${Array.from({ length: 20 }, (_, i) => `a${i}: content { edges { node { ...R } } }`).join(' ')} }`,
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });

    const large = await gql(`{ content { totalCount } } # ${'x'.repeat(5000)}`);
    expect(large.status).toBe(413);
    expect(large.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE' });

    const huge = await gql(`{ content { totalCount } }`, { variables: { filler: 'y'.repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.errors?.[0]?.extensions).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('when an operation holds more aliases than GRAPHQL_MAX_ALIASES (15), then it is refused before anything runs: no search repeated, none of 20 mutations made; 15 run', async () => {
    const searches = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: content(q: "camara ${i}", first: 1) { totalCount }`).join(' ')} }`;
    const refused = await gql(searches(16));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES' });
    // Aliases inside fragments count too.
    const viaFragment = await gql(
      `fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `f${i}: cameras(first: 1) { totalCount }`).join(' ')} } { ...F }`,
    );
    expect(viaFragment.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES' });
    const allowed = await gql(searches(15));
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();

    const brand = `Aliasbrand${Date.now()}`;
    const mutations = `mutation { ${Array.from(
      { length: 20 },
      (_, i) => `c${i}: createCamera(input: { brand: "${brand}", model: "M${i}", type: compact }) { id }`,
    ).join(' ')} }`;
    const many = await gql(mutations, { token: admin });
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES' });
    const created = await api.must<unknown[]>('GET', `/v1/cameras?q=${brand}&limit=100`, undefined, admin);
    expect(created).toEqual([]);
  });

  it('when the page sizes of a costly query are in variables or left to their defaults, then it is refused as costly as with literals; a cheap one with variables runs', async () => {
    const nested = (args: string) =>
      `content${args} { edges { node { title camera { reviews${args} { edges { node { title rating } } } } } } }`;

    const literal = await gql(`{ ${nested('(first: 100)')} }`);
    const variables = await gql(`query($n: Int) { ${nested('(first: $n)')} }`, { variables: { n: 100 } });
    const defaults = await gql(
      `{ ${Array.from({ length: 4 }, (_, i) => `a${i}: ${nested('')}`).join(' ')} }`,
    );
    for (const [what, answer] of [
      ['literal', literal],
      ['variables', variables],
      ['defaults', defaults],
    ] as const) {
      expect([answer.status, answer.body.errors?.[0]?.extensions?.code], what).toEqual([
        400,
        'QUERY_TOO_COSTLY',
      ]);
      expect(answer.body.data, what).toBeUndefined();
    }
    const cheap = await gql<{ content: { edges: unknown[] } }>(
      `query($n: Int) { ${nested('(first: $n)')} }`,
      { variables: { n: 3 } },
    );
    expect(cheap.status).toBe(200);
    expect(cheap.body.data?.content.edges).toHaveLength(3);
  });

  it('when a body is not JSON, then the 415 says why, and a 406 which media types there are; GraphQL answers are never stored by caches', async () => {
    const plain = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/graphql-response+json' },
      body: '{ content { totalCount } }',
    });
    expect(plain.status).toBe(415);
    const refused = (await plain.json()) as { errors: { extensions: { code: string } }[] };
    expect(refused.errors[0]?.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // A client that accepts none of GraphQL's media types is told which ones there are, not sent nothing.
    const html = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ query: '{ content { totalCount } }' }),
    });
    expect(html.status).toBe(406);
    const notAcceptable = (await html.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(notAcceptable.errors[0]?.extensions.code).toBe('NOT_ACCEPTABLE');
    expect(notAcceptable.errors[0]?.message).toContain('application/graphql-response+json');
    const query = encodeURIComponent('{ myReviews(first: 1) { totalCount } }');
    const mine = await fetch(`${system.gateway.url}/graphql?query=${query}`, {
      headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${editor.token}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect((await gql('{ content { totalCount } }')).headers.get('cache-control')).toBe('no-store');
  });

  it('when a JSON body names a member twice (a variable, the query), then it is 400 DUPLICATE_JSON_MEMBER and nothing is written; the same body once each runs', async () => {
    const model = `Dup-${Date.now()}`;
    const mutation =
      'mutation($m: String!) { createCamera(input: { brand: "Dupbrand", model: $m, type: compact }) { id } }';
    const post = (body: string) =>
      fetch(`${system.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${admin}` },
        body,
      });
    const query = JSON.stringify(mutation);
    for (const body of [
      `{"query":${query},"variables":{"m":"${model}","m":"${model}-other"}}`,
      `{"query":${query},"\\u0071uery":${query},"variables":{"m":"${model}"}}`,
    ]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      const answer = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(answer.errors[0]?.extensions.code).toBe('DUPLICATE_JSON_MEMBER');
    }
    // Written once: the read after it (read-your-writes) holds that camera only, not a refused one.
    const ran = await post(`{"query":${query},"variables":{"m":"${model}"}}`);
    expect(ran.status).toBe(200);
    const listed = await fetch(`${system.gateway.url}/v1/cameras?q=Dupbrand&limit=100`, {
      headers: { 'rcr-consistency-token': ran.headers.get('rcr-consistency-token') as string },
    });
    const models = ((await listed.json()) as { data: { model: string }[] }).data.map((c) => c.model);
    expect(models.filter((m) => m.startsWith(model))).toEqual([model]);
  });

  it('when a mutation is sent with GET, then it is 405; a query with GET works', async () => {
    const query = encodeURIComponent(`mutation { deleteReview(id: "${published[2]?.id}") }`);
    const refused = await fetch(`${system.gateway.url}/graphql?query=${query}`, {
      headers: { authorization: `Bearer ${editor.token}`, accept: 'application/graphql-response+json' },
    });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toMatch(/POST/);
    const ok = await fetch(
      `${system.gateway.url}/graphql?query=${encodeURIComponent('{ content { totalCount } }')}`,
      {
        headers: { accept: 'application/graphql-response+json' },
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await ok.json()).toEqual({ data: { content: { totalCount: 20 } } });
  });

  it('when GET carries variables or extensions that are not JSON, then it is 400 BAD_REQUEST naming the parameter, not a server error; empty or JSON ones work', async () => {
    const query = encodeURIComponent('query($n: Int) { content(first: $n) { totalCount } }');
    const get = (params: string) =>
      fetch(`${system.gateway.url}/graphql?query=${query}&${params}`, {
        headers: { accept: 'application/graphql-response+json' },
      });
    for (const [params, name] of [
      ['variables=%7Bbad', 'variables'],
      ['extensions=%7Bbad', 'extensions'],
      ['variables=%7B%7D&variables=nope', 'variables'],
    ] as const) {
      const refused = await get(params);
      expect(refused.status, params).toBe(400);
      const answer = (await refused.json()) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(answer.errors[0]?.extensions.code, params).toBe('BAD_REQUEST');
      expect(answer.errors[0]?.message, params).toContain(name);
    }
    for (const params of ['variables=', `variables=${encodeURIComponent('{"n":1}')}`]) {
      const ran = await get(params);
      expect(ran.status, params).toBe(200);
      expect(await ran.json()).toEqual({ data: { content: { totalCount: 20 } } });
    }
  });

  it('when a browser preflights /graphql from an allowed origin, then CORS allows POST; other methods are 405', async () => {
    const preflight = await fetch(`${system.gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://rcr.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://rcr.example');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const put = await fetch(`${system.gateway.url}/graphql`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toMatch(/GET.*POST|POST.*GET/);
  });

  it('when introspection is configured off, then __schema is refused there and allowed where it is on', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await gql(query)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const off = await gql(query, { url: counted.gateway.url });
    expect(off.body.data).toBeUndefined();
    expect(off.body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('when a resolver fails unexpectedly, then the error is masked: no message of its own, no stack', async () => {
    // A token that is not a JWT at all reaches the verifier's parser: still a clean UNAUTHENTICATED.
    const { body } = await gql('{ myReviews { totalCount } }', { token: 'not-a-token' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });

  it('passes the graphql-http server audit with no MUST failure', async () => {
    const failures: string[] = [];
    for (const audit of serverAudits({ url: `${system.gateway.url}/graphql` })) {
      const result = await audit.fn();
      if (result.status === 'error') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  it('keeps docs/schema.graphql in step with the schema (npm run docs prints it)', async () => {
    const committed = readFileSync(new URL('../docs/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await graphqlSchemaDocument());
  });
});

describe('GraphQL subscriptions (graphql-ws)', () => {
  function subscribe(
    query: string,
    url = system.gateway.url,
    options: { variables?: Record<string, unknown>; token?: string } = {},
  ) {
    const client = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
    clients.push(client);
    const received: Record<string, unknown>[] = [];
    const errors: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      client.subscribe(
        { query, ...(options.variables ? { variables: options.variables } : {}) },
        {
          next: (value) => received.push(value as Record<string, unknown>),
          error: (err) => {
            errors.push(err);
            resolve();
          },
          complete: () => resolve(),
        },
      );
    });
    const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    return { received, errors, done, ready };
  }

  it('when a review of a camera is published, then a graphql-ws subscriber to that camera gets it with the review, and one to another camera does not', async () => {
    const camera = cameras[2] as string;
    const query = `subscription { reviewPublished(cameraId: "${camera}") { reviewId cameraId position review { slug title camera { name } } } }`;
    const mine = subscribe(query);
    const elsewhere = subscribe(`subscription { reviewPublished(cameraId: "${cameras[0]}") { reviewId } }`);
    const feed = subscribe(`subscription { reviewPublished { reviewId } }`);
    await Promise.all([mine.ready, elsewhere.ready, feed.ready]);
    await new Promise((r) => setTimeout(r, 100));
    const created = await gql<{ createReview: { id: string } }>(
      `mutation { createReview(input: {cameraId: "${camera}", title: "En vivo", body: "Cuerpo", rating: 9, verdict: "Sí"}) { id } }`,
      { token: editor.token },
    );
    const id = created.body.data?.createReview.id as string;
    await gql(`mutation { publishReview(id: "${id}") { id } }`, { token: editor.token });
    await until(async () => {
      expect(mine.received).toHaveLength(1);
      expect(feed.received).toHaveLength(1);
    });
    const event = (mine.received[0] as { data: { reviewPublished: Record<string, unknown> } }).data
      .reviewPublished;
    expect(event).toMatchObject({ reviewId: id, cameraId: camera, review: { title: 'En vivo' } });
    expect(Number(event.position)).toBeGreaterThan(0);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('when an operation over graphql-ws carries a NUL or a lone surrogate in a variable, then it is refused with BAD_USER_INPUT and nothing is stored', async () => {
    const mutation =
      'mutation($m: String!) { createCamera(input: { brand: "Hygiene", model: $m, type: mirrorless }) { id } }';
    const subscription = 'subscription($c: ID) { reviewPublished(cameraId: $c) { reviewId } }';
    for (const [what, query, variables] of [
      ['a NUL in a mutation', mutation, { m: 'W\u0000S' }],
      ['a lone surrogate in a mutation', mutation, { m: 'W\ud800S' }],
      ['a NUL in a subscription', subscription, { c: 'x\u0000' }],
    ] as const) {
      const operation = subscribe(query, system.gateway.url, { variables, token: editor.token });
      await operation.done;
      // A refusal at execution is the operation's one result, with errors and no data.
      const [result, ...more] = operation.received as {
        data?: unknown;
        errors?: { extensions?: { code?: string } }[];
      }[];
      expect([result?.data, result?.errors?.map((e) => e.extensions?.code), more.length], what).toEqual([
        undefined,
        ['BAD_USER_INPUT'],
        0,
      ]);
    }
    const stored = await api.request<{ data: { brand: string }[] }>('GET', '/v1/cameras?limit=100&q=Hygiene');
    expect(stored.body.data.filter((camera) => camera.brand === 'Hygiene')).toEqual([]);
  });

  it('when one graphql-ws socket opens more operations than GRAPHQL_MAX_OPERATIONS_PER_SOCKET, then the extra one is refused; a malformed camera id is refused too', async () => {
    const client = createClient({
      url: `${system.gateway.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const outcome = (query: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe(
          { query },
          { next: () => undefined, error: resolve, complete: () => resolve('complete') },
        );
      });
    const feed = 'subscription { reviewPublished { reviewId } }';
    const open = [1, 2, 3].map(() => outcome(feed));
    await new Promise((r) => setTimeout(r, 200));
    const fourth = (await outcome(feed)) as { extensions?: { code?: string } }[];
    expect(fourth.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_OPERATIONS']);
    expect(await Promise.race([...open, new Promise((r) => setTimeout(() => r('still open'), 100))])).toBe(
      'still open',
    );
    client.dispose();

    const badId = subscribe('subscription { reviewPublished(cameraId: "../../x") { reviewId } }');
    await badId.done;
    expect(JSON.stringify([badId.errors, badId.received])).toContain('BAD_USER_INPUT');
  });

  it('when many subscribers of one gateway ask for the published review, then that gateway reads it once per event', async () => {
    const query = `subscription { reviewPublished(cameraId: "${cameras[1]}") { reviewId review { title author { name } } } }`;
    const subscribers = [1, 2, 3, 4, 5].map(() => subscribe(query, counted.gateway.url));
    await Promise.all(subscribers.map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 100));
    counted.content.reset();
    const created = await gql<{ createReview: { id: string } }>(
      `mutation { createReview(input: {cameraId: "${cameras[1]}", title: "Para todos", body: "Cuerpo", rating: 8, verdict: "Sí"}) { id } }`,
      { token: editor.token },
    );
    await gql(`mutation { publishReview(id: "${created.body.data?.createReview.id}") { id } }`, {
      token: editor.token,
    });
    await until(async () => {
      for (const s of subscribers) expect(s.received).toHaveLength(1);
    });
    for (const s of subscribers)
      expect(s.received[0]).toMatchObject({
        data: { reviewPublished: { review: { title: 'Para todos', author: { name: 'Gala' } } } },
      });
    // The subscribers' calls: the response cache's own (invalidation, `cache-…`) depend on which gateway
    // of the shared consumer group took the event.
    const calls = counted.content.of('ContentService', { except: 'cache-' });
    expect(calls.filter((m) => m === 'GetContentJson')).toHaveLength(1);
    expect(calls.filter((m) => m === 'AwaitVersions')).toHaveLength(1);
  });

  it('when a client subscribes over SSE (GraphQL over SSE, distinct connections), then it gets reviewPublished as `event: next`', async () => {
    const controller = new AbortController();
    const response = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { reviewPublished(cameraId: "${cameras[1]}") { reviewId } }`,
      }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    let text = '';
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += Buffer.from(value as Uint8Array).toString('utf8');
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const created = await gql<{ createReview: { id: string } }>(
      `mutation { createReview(input: {cameraId: "${cameras[1]}", title: "Por SSE", body: "Cuerpo", rating: 6, verdict: "Bien"}) { id } }`,
      { token: editor.token },
    );
    const id = created.body.data?.createReview.id as string;
    await gql(`mutation { publishReview(id: "${id}") { id } }`, { token: editor.token });
    await until(async () => expect(text).toContain(`"reviewId":"${id}"`));
    expect(text).toMatch(/event: next\ndata: /);
    controller.abort();
    await reading;
  });

  it('when a graphql-sse client (distinct connections mode) subscribes to /graphql, then it gets reviewPublished', async () => {
    const client = createSseClient({ url: `${system.gateway.url}/graphql`, retryAttempts: 0 });
    const received: unknown[] = [];
    const dispose = client.subscribe(
      { query: `subscription { reviewPublished(cameraId: "${cameras[0]}") { reviewId } }` },
      { next: (value) => void received.push(value), error: () => undefined, complete: () => undefined },
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      const created = await gql<{ createReview: { id: string } }>(
        `mutation { createReview(input: {cameraId: "${cameras[0]}", title: "Con graphql-sse", body: "Cuerpo", rating: 6, verdict: "Bien"}) { id } }`,
        { token: editor.token },
      );
      const id = created.body.data?.createReview.id as string;
      await gql(`mutation { publishReview(id: "${id}") { id } }`, { token: editor.token });
      await until(async () => expect(received).toEqual([{ data: { reviewPublished: { reviewId: id } } }]));
    } finally {
      dispose();
      client.dispose();
    }
  });

  it('when a WebSocket upgrade to /graphql comes from a foreign origin, then it is refused; other paths still 404', async () => {
    const status = (path: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(
          `${system.gateway.url.replace('http', 'ws')}${path}`,
          'graphql-transport-ws',
          {
            headers: origin ? { origin } : {},
          },
        );
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    expect(await status('/graphql', 'https://evil.example')).toBe(403);
    expect(await status('/graphql', 'https://rcr.example')).toBe(101);
    expect(await status('/nowhere')).toBe(404);
  });

  it('when a graphql-ws client sends its token in connection_init, then its mutations run as that editor; without one they are UNAUTHENTICATED', async () => {
    const run = async (connectionParams: Record<string, unknown>) => {
      const client = createClient({
        url: `${system.gateway.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams,
      });
      clients.push(client);
      const query = `mutation { createReview(input: {cameraId: "${cameras[0]}", title: "Por socket", body: "Cuerpo", rating: 7, verdict: "Bien"}) { id author { id } } }`;
      const results: { data?: unknown; errors?: GqlError[] }[] = [];
      for await (const result of client.iterate({ query })) results.push(result as (typeof results)[number]);
      return results[0];
    };
    const signedIn = await run({ authorization: `Bearer ${editor.token}` });
    expect(signedIn?.errors).toBeUndefined();
    expect(signedIn?.data).toMatchObject({ createReview: { author: { id: editor.id } } });
    const anonymousResult = await run({});
    expect(anonymousResult?.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('when a graphql-ws socket is idle, then the server pings it (every SSE_HEARTBEAT_MS)', async () => {
    const ws = new WebSocket(`${system.gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    try {
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'connection_init' }));
      const pinged = await new Promise<boolean>((resolve) => {
        ws.once('ping', () => resolve(true));
        setTimeout(() => resolve(false), 2000);
      });
      expect(pinged).toBe(true);
    } finally {
      ws.terminate();
    }
  });

  it('when a subscription is too deep or invalid over the socket, then the subscriber gets GraphQL errors', async () => {
    const bad = subscribe(`subscription { reviewPublished { nope } }`);
    await bad.done;
    expect(JSON.stringify(bad.errors)).toMatch(/Cannot query field/);
  });
});
