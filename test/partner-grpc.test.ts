import * as grpc from '@grpc/grpc-js';
import type { PartnerV1 } from '@rcr/contracts';
import { checkHealth } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { clientByReflection, listServices } from './support/grpc-reflection.ts';
import { credentials, PartnerClient, ReviewWatch, statusOf, within } from './support/partner-client.ts';
import { startTestSystem } from './support/system.ts';

const KEY_CACHE_MS = 300;
let system: EmbeddedSystem;
let api: ApiClient;
let partner: PartnerClient;
let admin: string;
let editor: { id: string; token: string };
let apiKey: string;
const watches: ReviewWatch[] = [];

async function newCamera(): Promise<string> {
  return (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
}

/** Creates and publishes a review of `cameraId` by the editor; its id and slug. */
async function publish(cameraId: string, title = 'Partner review'): Promise<{ id: string; slug: string }> {
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(cameraId, { title }),
    editor.token,
    201,
  );
  const published = await api.must<{ id: string; slug: string }>(
    'POST',
    `/v1/reviews/${created.id}/publish`,
    undefined,
    editor.token,
  );
  return { id: published.id, slug: published.slug };
}

/** A new partner API key made by the admin through REST: the key and its id. */
async function newApiKey(name = 'Test partner'): Promise<{ id: string; key: string }> {
  return api.must<{ id: string; key: string }>('POST', '/v1/admin/partner-keys', { name }, admin, 201);
}

/** WatchReviews streams one key may have open at once on the test system (PARTNER_MAX_STREAMS_PER_KEY). */
const MAX_STREAMS = 6;
/** Calls one key may make per clock minute on the test system (PARTNER_RATE_LIMIT_PER_MINUTE). */
const PER_MINUTE = 60;

/** Waits, if needed, until the current clock minute has at least `ms` left (rate-limit windows). */
async function awayFromMinuteEnd(ms = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 50));
}

function watch(request: PartnerV1.WatchReviewsRequest, key = apiKey): ReviewWatch {
  const stream = new ReviewWatch(partner, request, { apiKey: key });
  watches.push(stream);
  return stream;
}

beforeAll(async () => {
  // One recent event in the gateway's memory, so resuming reads the bus's log (as SSE's tests do).
  system = await startTestSystem({
    PARTNER_KEY_CACHE_MS: String(KEY_CACHE_MS),
    SSE_RECENT_EVENTS: '1',
    PARTNER_MAX_STREAMS_PER_KEY: String(MAX_STREAMS),
    PARTNER_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
  });
  api = new ApiClient(system.gateway.url);
  partner = new PartnerClient(system.gateway.partnerGrpc);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const email = `partner-${Date.now()}@test.rcr`;
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name: 'Paula Partner', password: 'editor-password-1', role: 'editor' },
    admin,
    201,
  );
  editor = { id: created.id, token: (await api.login(email, 'editor-password-1')).accessToken };
  apiKey = (await newApiKey()).key;
});

afterAll(async () => {
  for (const stream of watches) stream.close();
  partner?.close();
  await system?.stop();
});

describe('partner gRPC API: discovery and credentials', () => {
  it('when a client lists the partner port by reflection, then it sees the partner services, health and reflection, and health says SERVING', async () => {
    expect(await listServices(system.gateway.partnerGrpc)).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'rcr.partner.v1.CameraService',
      'rcr.partner.v1.ContentService',
    ]);
    expect(await checkHealth(system.gateway.partnerGrpc)).toBe(true);
  });

  it('when a client built only from reflection calls ListContent with an API key (the README’s grpcurl session), then it gets reviews', async () => {
    const camera = await newCamera();
    const review = await publish(camera, 'Found by reflection');
    const client = await clientByReflection(system.gateway.partnerGrpc, 'rcr.partner.v1.ContentService');
    const listContent = client.ListContent as (
      request: object,
      metadata: grpc.Metadata,
      callback: (err: grpc.ServiceError | null, res: { reviews: { slug: string }[] }) => void,
    ) => void;
    const answer = await new Promise<{ reviews: { slug: string }[] }>((resolve, reject) =>
      listContent.call(client, { page_size: 5, camera_id: camera }, credentials({ apiKey }), (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    client.close();
    expect(answer.reviews.map((r) => r.slug)).toEqual([review.slug]);
  });

  it('when a call carries no API key, or one that was never made, then it is UNAUTHENTICATED', async () => {
    const none = await statusOf(partner.listContent({}));
    expect(none.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(none.metadata.get('x-error-code')).toEqual(['API_KEY_MISSING']);
    const unknown = await statusOf(partner.listContent({}, { apiKey: `rcrp_${'x'.repeat(43)}` }));
    expect(unknown.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(unknown.metadata.get('x-error-code')).toEqual(['PARTNER_KEY_INVALID']);
    const garbage = await statusOf(partner.getReview({ slug: 'anything' }, { apiKey: 'not-a-key' }));
    expect(garbage.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('when the key comes as `authorization: Bearer`, then it works like x-api-key', async () => {
    const page = await partner.listContent({ pageSize: 1 }, { bearer: apiKey });
    expect(page.reviews.length).toBeLessThanOrEqual(1);
  });

  it('when an admin revokes a key, then calls with it are UNAUTHENTICATED within the key cache time, and the list shows it revoked without the secret', async () => {
    const { id, key } = await newApiKey('Soon revoked');
    await partner.listContent({ pageSize: 1 }, { apiKey: key });
    await api.must('DELETE', `/v1/admin/partner-keys/${id}`, undefined, admin, 204);
    const revokedAt = Date.now();
    let status: grpc.ServiceError | undefined;
    while (!status && Date.now() - revokedAt < 5000) {
      status = await partner.listContent({ pageSize: 1 }, { apiKey: key }).then(
        () => undefined,
        (err: grpc.ServiceError) => err,
      );
      if (!status) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(Date.now() - revokedAt).toBeLessThan(KEY_CACHE_MS + 1000);
    const listed = await api.must<{ id: string; revokedAt: string | null; key?: string }[]>(
      'GET',
      '/v1/admin/partner-keys',
      undefined,
      admin,
    );
    const entry = listed.find((k) => k.id === id);
    expect(entry?.revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(JSON.stringify(listed)).not.toContain(key.slice(11));
  });

  it('when an editor asks to make a partner key, then it is refused (403)', async () => {
    const res = await api.request('POST', '/v1/admin/partner-keys', {
      body: { name: 'Not mine' },
      token: editor.token,
    });
    expect(res.status).toBe(403);
  });
});

describe('partner gRPC API: reads', () => {
  it('when a partner pages ListContent with page tokens, then it gets every review of the filter once, in order', async () => {
    const camera = await newCamera();
    const published = [await publish(camera, 'Page one'), await publish(camera, 'Page two')];
    published.push(await publish(camera, 'Page three'));
    const first = await partner.listContent({ cameraId: camera, pageSize: 2 }, { apiKey });
    expect(first.reviews).toHaveLength(2);
    expect(first.totalSize).toBe(3);
    expect(first.nextPageToken).not.toBe('');
    const second = await partner.listContent(
      { cameraId: camera, pageSize: 2, pageToken: first.nextPageToken },
      { apiKey },
    );
    expect(second.nextPageToken).toBe('');
    const ids = [...first.reviews, ...second.reviews].map((r) => r.id);
    // Newest first, each once.
    expect(ids).toEqual(published.map((p) => p.id).reverse());
    expect(first.reviews[0]?.camera?.id).toBe(camera);
    expect(first.reviews[0]?.author?.name).toBe('Paula Partner');
  });

  it('when a partner gets a review by slug, then it has it; an unknown slug is NOT_FOUND', async () => {
    const review = await publish(await newCamera(), 'Get me');
    const got = await partner.getReview({ slug: review.slug }, { apiKey });
    expect(got).toMatchObject({ id: review.id, slug: review.slug, title: 'Get me' });
    const missing = await statusOf(partner.getReview({ slug: 'no-such-review-here' }, { apiKey }));
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
  });

  it('when a request is malformed, then it is INVALID_ARGUMENT naming the field', async () => {
    const size = await statusOf(partner.listContent({ pageSize: 500 }, { apiKey }));
    expect(size.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(size.details).toContain('page_size');
    const slug = await statusOf(partner.getReview({ slug: 'Not A Slug!' }, { apiKey }));
    expect(slug.code).toBe(grpc.status.INVALID_ARGUMENT);
    const token = await statusOf(partner.listContent({ pageToken: 'garbage' }, { apiKey }));
    expect(token.code).toBe(grpc.status.INVALID_ARGUMENT);
    const one = await statusOf(partner.compareCameras({ cameraIds: [await newCamera()] }, { apiKey }));
    expect(one.code).toBe(grpc.status.INVALID_ARGUMENT);
    // Text and instants PostgreSQL cannot take (protobuf strings may hold NUL; ISO 8601 has a year 0000).
    for (const request of [
      { brand: 'Ca\u0000non' },
      { q: 'cam\u0000ara' },
      { cameraId: 'x\u0000' },
      { authorId: '\u0000' },
      { sort: ['title\u0000'] },
      { publishedAfter: '0000-01-01' },
    ]) {
      const refused = await statusOf(partner.listContent(request, { apiKey }));
      expect(refused.code, JSON.stringify(request)).toBe(grpc.status.INVALID_ARGUMENT);
    }
    const nulId = await statusOf(
      partner.compareCameras({ cameraIds: [await newCamera(), 'x\u0000'] }, { apiKey }),
    );
    expect(nulId.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('when a partner compares two cameras, then each field names the better camera; an unknown camera is NOT_FOUND', async () => {
    const [a, b] = [await newCamera(), await newCamera()];
    const comparison = await partner.compareCameras({ cameraIds: [a, b] }, { apiKey });
    expect(comparison.cameras.map((c) => c.id)).toEqual([a, b]);
    expect(comparison.fields.find((f) => f.field === 'megapixels')?.values).toHaveLength(2);
    const unknown = await statusOf(partner.compareCameras({ cameraIds: [a, 'no-such-camera'] }, { apiKey }));
    expect(unknown.code).toBe(grpc.status.NOT_FOUND);
  });
});

describe('partner gRPC API: WatchReviews (server streaming)', () => {
  it('when a watcher drops and resumes after its last position, then it gets exactly what it missed, then live reviews', async () => {
    const camera = await newCamera();
    const first = watch({});
    await first.opened;
    const r1 = await publish(camera);
    await eventually(() => expect(first.reviewIds).toContain(r1.id));
    const seen = first.events.find((e) => e.review?.reviewId === r1.id) as PartnerV1.ReviewEvent__Output;
    expect(seen.position).toMatch(/^\d+$/);
    expect(seen.review?.type).toBe('review.published');
    first.close();

    const missed = [(await publish(camera)).id, (await publish(await newCamera())).id];
    const again = watch({ after: seen.position });
    await eventually(() => expect(again.reviewIds).toEqual(missed));
    const r4 = await publish(camera);
    await eventually(() => expect(again.reviewIds).toEqual([...missed, r4.id]));

    const positions = again.events.map((e) => Number(e.position));
    expect(positions.every((p) => p > Number(seen.position))).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(again.events.every((e) => e.review?.type === 'review.published')).toBe(true);
  });

  it('when a watcher follows one camera, then only that camera’s reviews come', async () => {
    const [mine, other] = [await newCamera(), await newCamera()];
    const stream = watch({ cameraId: mine });
    await stream.opened;
    const a = await publish(mine);
    await publish(other);
    const b = await publish(mine);
    await eventually(() => expect(stream.reviewIds).toEqual([a.id, b.id]));
  });

  it('when a published review is deleted, then watchers get review.deleted with status "deleted"; a draft’s deletion is not sent', async () => {
    const camera = await newCamera();
    const stream = watch({ cameraId: camera });
    await stream.opened;
    const gone = await publish(camera);
    await api.must('DELETE', `/v1/reviews/${gone.id}`, undefined, editor.token, 204);
    const draft = (
      await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera), editor.token, 201)
    ).id;
    await api.must('DELETE', `/v1/reviews/${draft}`, undefined, editor.token, 204);
    const later = await publish(camera);
    await eventually(() => expect(stream.reviewIds).toEqual([gone.id, gone.id, later.id]));
    expect(stream.events.map((e) => e.review?.type)).toEqual([
      'review.published',
      'review.deleted',
      'review.published',
    ]);
    expect(stream.events[1]?.review).toMatchObject({
      reviewId: gone.id,
      cameraId: camera,
      authorId: editor.id,
      status: 'deleted',
      slug: '',
    });
  });

  it('when the position is one this log never had, then a reset comes first and the stream goes on', async () => {
    const stream = watch({ after: '999999999' });
    await eventually(() => expect(stream.events[0]?.reset?.reason).toBe('position-unknown'));
    const later = await publish(await newCamera());
    await eventually(() => expect(stream.reviewIds).toEqual([later.id]));
  });

  it('when the stream has no key or a bad position, then it ends with UNAUTHENTICATED or INVALID_ARGUMENT', async () => {
    const noKey = watch({}, '');
    await eventually(() => expect(noKey.error?.code).toBe(grpc.status.UNAUTHENTICATED));
    const bad = watch({ after: 'yesterday' });
    await eventually(() => expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT));
  });

  it('when one key opens more WatchReviews streams than PARTNER_MAX_STREAMS_PER_KEY, then the extra one is RESOURCE_EXHAUSTED; closing one frees its place, other keys are not counted', async () => {
    const { key } = await newApiKey('Many streams');
    const open = Array.from({ length: MAX_STREAMS }, () => watch({ after: '0' }, key));
    await Promise.all(open.map((stream) => stream.opened));
    const extra = watch({ after: '0' }, key);
    await eventually(() => expect(extra.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED));
    expect(extra.error?.metadata.get('x-error-code')).toEqual(['TOO_MANY_STREAMS']);
    const other = watch({}, (await newApiKey('Another partner')).key);
    await other.opened;

    open[0]?.close();
    await eventually(async () => {
      const again = watch({}, key);
      await again.opened;
    }, 5000);
    expect(open.slice(1).every((stream) => stream.error === undefined)).toBe(true);
  });

  it('when the key of an open stream is revoked, then the stream ends with UNAUTHENTICATED', async () => {
    const { id, key } = await newApiKey('Revoked while watching');
    const stream = watch({}, key);
    await stream.opened;
    await api.must('DELETE', `/v1/admin/partner-keys/${id}`, undefined, admin, 204);
    await eventually(() => expect(stream.error?.code).toBe(grpc.status.UNAUTHENTICATED), 5000);
  });
});

describe('partner gRPC API: ImportCameras (client streaming) and LookupReviews (bidirectional)', () => {
  it('when an admin streams good and bad cameras, then the good ones are created as REST creates them and each bad one is reported by index', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const good = {
      brand: 'Importa',
      model: `I-${tag}`,
      type: 'mirrorless',
      specs: { megapixels: 33, isoMin: 100 },
    };
    const summary = await partner.importCameras(
      [
        good,
        { brand: 'Importa', model: `Bad-${tag}`, type: 'spaceship' },
        good,
        { brand: '', model: `Empty-${tag}`, type: 'compact' },
        { brand: 'Importa', model: `J-${tag}`, type: 'compact' },
        { brand: 'Imp\u0000orta', model: `Nul-${tag}`, type: 'compact' },
      ],
      { bearer: admin },
    );
    expect(summary.created).toBe(2);
    // A NUL is refused; a lone surrogate cannot reach the server (protobuf strings are UTF-8 on the wire).
    expect(summary.failed).toBe(4);
    expect(summary.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'VALIDATION_FAILED'],
      [2, 'CAMERA_EXISTS'],
      [3, 'VALIDATION_FAILED'],
      [5, 'VALIDATION_FAILED'],
    ]);
    expect(summary.errors[0]?.message).toContain('type');
    const created = await api.must<{ brand: string; specs: { megapixels?: number; isoMin?: number } }>(
      'GET',
      `/v1/cameras/${summary.createdIds[0]}`,
      undefined,
      admin,
    );
    expect(created).toMatchObject({ brand: 'Importa', specs: { megapixels: 33, isoMin: 100 } });
  });

  it('when an editor, a partner key or nobody imports cameras, then it is PERMISSION_DENIED or UNAUTHENTICATED', async () => {
    const spec = { brand: 'Nope', model: 'N-1', type: 'compact' };
    expect((await statusOf(partner.importCameras([spec], { bearer: editor.token }))).code).toBe(
      grpc.status.PERMISSION_DENIED,
    );
    expect((await statusOf(partner.importCameras([spec], { bearer: apiKey }))).code).toBe(
      grpc.status.UNAUTHENTICATED,
    );
    expect((await statusOf(partner.importCameras([spec], {}))).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('when a partner streams slugs to LookupReviews, then each gets its review or its own error, in order, as it goes', async () => {
    const camera = await newCamera();
    const [a, b] = [await publish(camera, 'Lookup A'), await publish(camera, 'Lookup B')];
    const call = partner.content.lookupReviews(credentials({ apiKey }), within());
    const answers: PartnerV1.LookupReviewsResponse__Output[] = [];
    call.on('data', (answer: PartnerV1.LookupReviewsResponse__Output) => answers.push(answer));
    const ended = new Promise<void>((resolve, reject) => {
      call.on('end', resolve);
      call.on('error', reject);
    });
    // Bidirectional: the first answer comes while the stream is still open.
    call.write({ slug: a.slug });
    await eventually(() => expect(answers).toHaveLength(1));
    for (const slug of ['no-such-review-here', 'Not A Slug!', b.slug]) call.write({ slug });
    call.end();
    await ended;
    expect(answers.map((x) => [x.slug, x.review?.id ?? x.error?.code])).toEqual([
      [a.slug, a.id],
      ['no-such-review-here', 'NOT_FOUND'],
      ['Not A Slug!', 'INVALID_ARGUMENT'],
      [b.slug, b.id],
    ]);
  });
});

describe('partner gRPC API: rate limit per key', () => {
  it('when a key makes more calls in a minute than PARTNER_RATE_LIMIT_PER_MINUTE, then the extra ones are RESOURCE_EXHAUSTED with retry-after; another key is not counted; LookupReviews requests count too', async () => {
    const [busy, calm, streaming] = [
      await newApiKey('Busy'),
      await newApiKey('Calm'),
      await newApiKey('Lookups'),
    ];
    await awayFromMinuteEnd();
    for (let i = 0; i < PER_MINUTE; i++) await partner.listContent({ pageSize: 1 }, { apiKey: busy.key });
    const refused = await statusOf(partner.listContent({ pageSize: 1 }, { apiKey: busy.key }));
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(refused.metadata.get('x-error-code')).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(refused.metadata.get('retry-after')[0]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await partner.listContent({ pageSize: 1 }, { apiKey: calm.key })).reviews).toBeDefined();

    // One stream: its opening and each request count; past the budget it ends RESOURCE_EXHAUSTED.
    const call = partner.content.lookupReviews(credentials({ apiKey: streaming.key }), within(30_000));
    const answers: PartnerV1.LookupReviewsResponse__Output[] = [];
    call.on('data', (answer: PartnerV1.LookupReviewsResponse__Output) => answers.push(answer));
    const ended = new Promise<grpc.ServiceError | undefined>((resolve) => {
      call.on('end', () => resolve(undefined));
      call.on('error', (err: grpc.ServiceError) => resolve(err));
    });
    for (let i = 0; i < PER_MINUTE + 5; i++) call.write({ slug: `no-such-review-${i}` });
    call.end();
    const error = await ended;
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(answers).toHaveLength(PER_MINUTE - 1);
  });
});
