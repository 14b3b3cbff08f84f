import * as grpc from '@grpc/grpc-js';
import { protos, type RcrEvent, type ReviewsV1 } from '@rcr/contracts';
import {
  AppError,
  callUnary,
  createLogger,
  loadConfig,
  MemoryBus,
  newId,
  type Actor,
  type RunningService,
} from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewsConfigSchema, startReviewsService } from '../src/index.ts';

const config = loadConfig(reviewsConfigSchema, {
  RCR_DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  GRPC_PORT: '0',
});

describe('reviews service over gRPC', () => {
  let bus: MemoryBus;
  let service: RunningService;
  let client: ReviewsV1.ReviewsServiceClient;
  const events: RcrEvent[] = [];
  const author: Actor = { id: newId(), role: 'editor' };
  const other: Actor = { id: newId(), role: 'editor' };
  const admin: Actor = { id: newId(), role: 'admin' };

  const call = <Req, Res>(method: keyof ReviewsV1.ReviewsServiceClient, request: Req, actor?: Actor) =>
    callUnary<Req, Res>(client, client[method] as never, request, { actor });
  const failure = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };
  const eventsOf = (subject: string) => events.filter((e) => e.subject === subject).map((e) => e.type);

  let cameraId = '';
  const newReview = (actor: Actor = author) =>
    call<ReviewsV1.ReviewInput, ReviewsV1.Review__Output>(
      'CreateReview',
      {
        cameraId,
        title: 'Una gran cámara',
        body: 'Cuerpo',
        rating: 7.5,
        pros: ['a'],
        cons: ['b'],
        verdict: 'Sí',
        language: 'es',
      },
      actor,
    );

  beforeAll(async () => {
    bus = new MemoryBus({ namespace: 't', maxDeliver: 3, retryBaseMs: 5 });
    await bus.subscribe({
      group: 'test',
      types: [
        'camera.created',
        'review.created',
        'review.updated',
        'review.published',
        'review.unpublished',
        'review.deleted',
        'camera.deleted',
      ],
      handler: async (e) => void events.push(e),
    });
    service = await startReviewsService({ config, bus, log: createLogger('reviews', 'silent') });
    client = new protos.reviews.ReviewsService(service.address, grpc.credentials.createInsecure());
    const camera = await call<ReviewsV1.CameraInput, ReviewsV1.Camera__Output>(
      'CreateCamera',
      { brand: 'Leica', model: 'Q3', type: 'compact', specs: { megapixels: 60.3 } },
      author,
    );
    cameraId = camera.id;
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await bus?.close();
  });

  const waitForEvents = async (subject: string, count: number) => {
    for (let i = 0; i < 100 && eventsOf(subject).length < count; i++)
      await new Promise((r) => setTimeout(r, 20));
    return eventsOf(subject);
  };

  it('when a camera is created, then its id is the slug of brand and model and camera.created is emitted; a duplicate conflicts', async () => {
    expect(cameraId).toBe('leica-q3');
    expect(await waitForEvents('leica-q3', 1)).toEqual(['camera.created']);
    const dup = await failure(call('CreateCamera', { brand: 'LEICA', model: 'q3', type: 'compact' }, author));
    expect(dup).toMatchObject({ kind: 'conflict', code: 'CAMERA_EXISTS' });
  });

  it('when a review is created, published, updated, unpublished and deleted, then each step emits its event in order', async () => {
    const review = await newReview();
    expect(review).toMatchObject({
      status: 'draft',
      authorId: author.id,
      version: 1,
      slug: expect.stringMatching(/^una-gran-camara-[0-9a-f]{6}$/),
    });
    const published = await call<ReviewsV1.Ref, ReviewsV1.Review__Output>(
      'PublishReview',
      { id: review.id },
      author,
    );
    expect(published).toMatchObject({ status: 'published', version: 2, publishedAt: expect.any(String) });
    await call('UpdateReview', { id: review.id, title: 'Una gran cámara, revisada' }, author);
    await call('UnpublishReview', { id: review.id }, author);
    await call('DeleteReview', { id: review.id }, author);
    expect(await waitForEvents(review.id, 5)).toEqual([
      'review.created',
      'review.published',
      'review.updated',
      'review.unpublished',
      'review.deleted',
    ]);
  });

  it('when another editor touches a review, then it is forbidden (or not found for reads), and an admin may', async () => {
    const review = await newReview();
    expect(await failure(call('UpdateReview', { id: review.id, title: 'Ajena' }, other))).toMatchObject({
      kind: 'forbidden',
      code: 'REVIEW_NOT_OWNED',
    });
    expect(await failure(call('GetReview', { id: review.id }, other))).toMatchObject({ kind: 'not-found' });
    const byAdmin = await call<ReviewsV1.UpdateReviewRequest, ReviewsV1.Review__Output>(
      'UpdateReview',
      { id: review.id, rating: 9 },
      admin,
    );
    expect(byAdmin).toMatchObject({ rating: 9, authorId: author.id, version: 2 });
  });

  it('when there is no actor, then every call is unauthenticated', async () => {
    expect(await failure(call('ListReviews', {}))).toMatchObject({ kind: 'unauthenticated' });
  });

  it('when a rating is out of bounds or fields are empty, then VALIDATION_FAILED names them and nothing is emitted', async () => {
    const before = events.length;
    const err = await failure(
      call('CreateReview', { cameraId, title: '', body: 'x', rating: 10.5, verdict: 'v' }, author),
    );
    expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
    expect(err.fields.map((f) => f.field)).toEqual(expect.arrayContaining(['title', 'rating']));
    expect(events.length).toBe(before);
  });

  it('when a review names an unknown camera, then it is invalid on cameraId', async () => {
    const err = await failure(
      call(
        'CreateReview',
        { cameraId: 'no-such-camera', title: 'Título', body: 'x', rating: 5, verdict: 'v' },
        author,
      ),
    );
    expect(err).toMatchObject({
      code: 'CAMERA_UNKNOWN',
      fields: [{ field: 'cameraId', message: expect.any(String) }],
    });
  });

  it('when a camera still has reviews, then deleting it conflicts', async () => {
    await newReview();
    expect(await failure(call('DeleteCamera', { id: cameraId }, author))).toMatchObject({
      kind: 'conflict',
      code: 'CAMERA_HAS_REVIEWS',
    });
  });

  it('when an editor lists reviews, then only their own come back; an admin sees all', async () => {
    await newReview(other);
    const mine = await call<ReviewsV1.ListReviewsRequest, ReviewsV1.ReviewList__Output>(
      'ListReviews',
      {},
      other,
    );
    expect(mine.items.every((r) => r.authorId === other.id)).toBe(true);
    const all = await call<ReviewsV1.ListReviewsRequest, ReviewsV1.ReviewList__Output>(
      'ListReviews',
      { limit: 100 },
      admin,
    );
    expect(new Set(all.items.map((r) => r.authorId))).toEqual(new Set([author.id, other.id]));
  });
});
