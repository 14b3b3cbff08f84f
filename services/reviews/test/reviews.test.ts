import * as grpc from '@grpc/grpc-js';
import { protos, type RcrEvent, type ReviewsV1 } from '@rcr/contracts';
import type { MemoryBus } from '@rcr/platform';
import {
  AppError,
  callUnary,
  createLogger,
  loadConfig,
  openEmbeddedBus,
  newId,
  type Actor,
  type RunningService,
} from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewsConfigSchema, startReviewsService } from '../src/index.ts';
import { asGateway, TEST_INTERNAL_ENV } from '../../../test/support/internal-auth.ts';

const config = loadConfig(reviewsConfigSchema, {
  ...TEST_INTERNAL_ENV,
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
    bus = await openEmbeddedBus({ namespace: 't', retrySchedule: [5, 5] });
    await bus.subscribe({
      group: 'test',
      types: [
        'camera.created',
        'camera.updated',
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
    client = asGateway(new protos.reviews.ReviewsService(service.address, grpc.credentials.createInsecure()));
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

  it('when another editor touches a review, then it does not exist for them (reads and writes alike), and an admin may', async () => {
    const review = await newReview();
    expect(await failure(call('UpdateReview', { id: review.id, title: 'Ajena' }, other))).toMatchObject({
      kind: 'not-found',
      code: 'REVIEW_NOT_FOUND',
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

  // --- store semantics for cameras (PUT /v1/cameras/{id}) -----------------------------------------------

  const freshId = (prefix: string) => `${prefix}-${newId().replace(/-/g, '').slice(-12)}`;
  const putCamera = (request: ReviewsV1.PutCameraRequest, actor: Actor = author) =>
    call<ReviewsV1.PutCameraRequest, ReviewsV1.PutCameraReply__Output>('PutCamera', request, actor);
  const cameraBody = (id: string) => ({
    id,
    brand: 'Ricoh',
    model: `GR ${id}`,
    type: 'compact',
    specs: { megapixels: 24.2, mount: 'fixed' },
  });

  describe('PutCamera', () => {
    it('when a camera is put under a free id, then it is created at version 1 and camera.created is emitted', async () => {
      const id = freshId('put-new');

      const reply = await putCamera(cameraBody(id));

      expect(reply.created).toBe(true);
      expect(reply.camera).toMatchObject({ id, brand: 'Ricoh', version: 1, specs: { megapixels: 24.2 } });
      expect(await waitForEvents(id, 1)).toEqual(['camera.created']);
    });

    it('when a camera is put again, then it is replaced whole: created=false, version+1, specs replaced, camera.updated', async () => {
      const id = freshId('put-replace');
      await putCamera(cameraBody(id));

      const reply = await putCamera({ ...cameraBody(id), model: 'GR IIIx', specs: { weightGrams: 262 } });

      expect(reply.created).toBe(false);
      expect(reply.camera).toMatchObject({ id, model: 'GR IIIx', version: 2 });
      expect(reply.camera?.specs).toMatchObject({ weightGrams: 262 });
      expect(reply.camera?.specs?.megapixels).toBeUndefined();
      expect(reply.camera?.specs?.mount).toBeUndefined();
      expect(await waitForEvents(id, 2)).toEqual(['camera.created', 'camera.updated']);
      const updated = events.find((e) => e.subject === id && e.type === 'camera.updated');
      expect(updated?.data).toMatchObject({ model: 'GR IIIx', version: 2, specs: { weightGrams: 262 } });
      expect(updated?.data).not.toHaveProperty('specs.megapixels');
    });

    it('when an update or a PUT changes nothing, then the version stays and no event is emitted; the next real change is version 2', async () => {
      const review = await newReview();
      for (const same of [{}, { title: review.title, rating: review.rating, pros: [...review.pros] }]) {
        const unchanged = await call<ReviewsV1.UpdateReviewRequest, ReviewsV1.Review__Output>(
          'UpdateReview',
          { id: review.id, ...same },
          author,
        );
        expect(unchanged).toMatchObject({ version: 1, updatedAt: review.updatedAt });
      }
      const edited = await call<ReviewsV1.UpdateReviewRequest, ReviewsV1.Review__Output>(
        'UpdateReview',
        { id: review.id, title: 'Otro título' },
        author,
      );
      expect(edited.version).toBe(2);
      expect(await waitForEvents(review.id, 2)).toEqual(['review.created', 'review.updated']);

      const id = freshId('put-same');
      await putCamera({ ...cameraBody(id), specs: { megapixels: 24.2, mount: 'GR' } });
      const again = await putCamera({ ...cameraBody(id), specs: { mount: 'GR', megapixels: 24.2 } });
      expect(again).toMatchObject({ created: false, camera: { version: 1 } });
      const patched = await call<ReviewsV1.UpdateCameraRequest, ReviewsV1.Camera__Output>(
        'UpdateCamera',
        { id, brand: again.camera?.brand, specs: { megapixels: 24.2 } },
        author,
      );
      expect(patched.version).toBe(1);
      await putCamera({ ...cameraBody(id), specs: { megapixels: 26 } });
      expect(await waitForEvents(id, 2)).toEqual(['camera.created', 'camera.updated']);
    });

    it('when the expected version is stale, then VERSION_MISMATCH and the camera keeps its state; the current one succeeds', async () => {
      const id = freshId('put-stale');
      await putCamera(cameraBody(id));
      await putCamera({ ...cameraBody(id), model: 'Second' });

      const stale = await failure(putCamera({ ...cameraBody(id), model: 'Third', expectedVersion: 1 }));
      const current = await putCamera({ ...cameraBody(id), model: 'Third', expectedVersion: 2 });

      expect(stale).toMatchObject({ kind: 'precondition-failed', code: 'VERSION_MISMATCH' });
      expect(current).toMatchObject({ created: false, camera: { model: 'Third', version: 3 } });
    });

    it('when a create carries an expected version, then it fails the precondition and nothing is created', async () => {
      const id = freshId('put-ifmatch');

      const err = await failure(putCamera({ ...cameraBody(id), expectedVersion: 1 }));

      expect(err).toMatchObject({ kind: 'precondition-failed', code: 'VERSION_MISMATCH' });
      expect((await putCamera(cameraBody(id))).created).toBe(true);
    });

    it.each(['Upper-Case', '-leading-hyphen', 'under_score', 'a'.repeat(101), ''])(
      'when the id is %j, then it is invalid on the field id',
      async (id) => {
        const err = await failure(putCamera(cameraBody(id)));

        expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
        expect(err.fields.map((f) => f.field)).toContain('id');
      },
    );

    it('when the brand and model belong to another camera, then CAMERA_EXISTS', async () => {
      const first = freshId('put-dup-a');
      await putCamera(cameraBody(first));

      const err = await failure(putCamera({ ...cameraBody(freshId('put-dup-b')), model: `GR ${first}` }));

      expect(err).toMatchObject({ kind: 'conflict', code: 'CAMERA_EXISTS' });
    });

    it('when a deleted camera id is put again, then it is re-created with a version above its deletion', async () => {
      const id = freshId('put-revive');
      await putCamera(cameraBody(id));
      await call('DeleteCamera', { id }, author);

      const reply = await putCamera(cameraBody(id));

      expect(reply.created).toBe(true);
      const deleted = events.find((e) => e.subject === id && e.type === 'camera.deleted');
      expect(reply.camera?.version).toBeGreaterThan((deleted?.data as { version: number }).version);
      expect(await waitForEvents(id, 3)).toEqual(['camera.created', 'camera.deleted', 'camera.created']);
    });

    it('when a review names a deleted camera, then it is invalid on cameraId and nothing is written', async () => {
      const id = freshId('del-then-review');
      await putCamera(cameraBody(id));
      await call('DeleteCamera', { id }, author);
      const before = events.length;

      const err = await failure(
        call('CreateReview', { cameraId: id, title: 'Título', body: 'x', rating: 5, verdict: 'v' }, author),
      );

      expect(err).toMatchObject({ code: 'CAMERA_UNKNOWN' });
      expect(events.length).toBe(before);
    });

    it('when a camera is deleted with a stale expected version, then VERSION_MISMATCH and it still exists', async () => {
      const id = freshId('del-stale');
      await putCamera(cameraBody(id));
      // A change, so version 2 (a PUT of the same camera would keep version 1).
      await putCamera({ ...cameraBody(id), specs: { weightGrams: 300 } });

      const err = await failure(call('DeleteCamera', { id, expectedVersion: 1 }, author));
      await call('DeleteCamera', { id, expectedVersion: 2 }, author);

      expect(err).toMatchObject({ kind: 'precondition-failed', code: 'VERSION_MISMATCH' });
      expect(await failure(call('DeleteCamera', { id }, author))).toMatchObject({ code: 'CAMERA_NOT_FOUND' });
    });
  });

  describe('DeleteReview with an expected version', () => {
    it('when the expected version is stale, then VERSION_MISMATCH and the review still exists; the current one deletes it', async () => {
      const review = await newReview();
      await call('PublishReview', { id: review.id }, author);

      const err = await failure(call('DeleteReview', { id: review.id, expectedVersion: 1 }, author));
      const still = await call<ReviewsV1.Ref, ReviewsV1.Review__Output>(
        'GetReview',
        { id: review.id },
        author,
      );
      await call('DeleteReview', { id: review.id, expectedVersion: 2 }, author);

      expect(err).toMatchObject({ kind: 'precondition-failed', code: 'VERSION_MISMATCH' });
      expect(still).toMatchObject({ id: review.id, version: 2 });
      expect(await failure(call('GetReview', { id: review.id }, author))).toMatchObject({
        code: 'REVIEW_NOT_FOUND',
      });
    });
  });

  // --- lists: sort, filters, cursors ---------------------------------------------------------------------

  describe('ListReviews', () => {
    type Spec = { title: string; rating: number; publish?: boolean };

    /** A fresh editor with a fresh camera and reviews on it, so each test sees only its own rows. */
    const arrange = async (specs: Spec[]) => {
      const editor: Actor = { id: newId(), role: 'editor' };
      const camera = (await putCamera(cameraBody(freshId('list')), editor)).camera!;
      const reviews: ReviewsV1.Review__Output[] = [];
      for (const spec of specs) {
        let review = await call<ReviewsV1.ReviewInput, ReviewsV1.Review__Output>(
          'CreateReview',
          { cameraId: camera.id, title: spec.title, body: 'b', rating: spec.rating, verdict: 'v' },
          editor,
        );
        if (spec.publish) {
          // Distinct publication instants, so publishedAt order is the order of the specs.
          await new Promise((r) => setTimeout(r, 3));
          review = await call<ReviewsV1.Ref, ReviewsV1.Review__Output>(
            'PublishReview',
            { id: review.id },
            editor,
          );
        }
        reviews.push(review);
      }
      return { editor, camera, reviews };
    };
    const list = (request: ReviewsV1.ListReviewsRequest, actor: Actor) =>
      call<ReviewsV1.ListReviewsRequest, ReviewsV1.ReviewList__Output>('ListReviews', request, actor);
    const walk = async (request: ReviewsV1.ListReviewsRequest, actor: Actor) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await list({ ...request, ...(cursor ? { cursor } : {}) }, actor);
        ids.push(...page.items.map((r) => r.id));
        if (page.nextCursor === '') return ids;
        cursor = page.nextCursor;
      }
      throw new Error('the cursor walk did not end');
    };

    it('when sorted by -rating,title, then both keys apply in order', async () => {
      const { editor, camera } = await arrange([
        { title: 'Alpha', rating: 8 },
        { title: 'Delta', rating: 7 },
        { title: 'Charlie', rating: 8 },
        { title: 'Bravo', rating: 9 },
      ]);

      const page = await list({ cameraId: camera.id, sort: ['-rating', 'title'] }, editor);

      expect(page.items.map((r) => r.title)).toEqual(['Bravo', 'Alpha', 'Charlie', 'Delta']);
      expect(page.total).toBe(4);
    });

    it('when sorted by publishedAt, then drafts (no publishedAt) sort as the oldest, ties broken by the next key', async () => {
      const { editor, camera } = await arrange([
        { title: 'Older', rating: 5, publish: true },
        { title: 'Draft B', rating: 5 },
        { title: 'Draft A', rating: 5 },
        { title: 'Newest', rating: 5, publish: true },
      ]);

      const descending = await list({ cameraId: camera.id, sort: ['-publishedAt', 'title'] }, editor);
      const ascending = await list({ cameraId: camera.id, sort: ['publishedAt,title'] }, editor);

      expect(descending.items.map((r) => r.title)).toEqual(['Newest', 'Older', 'Draft A', 'Draft B']);
      expect(ascending.items.map((r) => r.title)).toEqual(['Draft A', 'Draft B', 'Older', 'Newest']);
    });

    it.each([
      [[]],
      [['rating']],
      [['-publishedAt', 'title']],
      [['status', '-updatedAt']],
      [['-title', 'rating']],
    ])(
      'when the list sorted by %j is walked by cursor, then the pages match page/limit order without gaps or repeats',
      async (sort) => {
        const { editor, camera } = await arrange([
          { title: 'Same', rating: 6, publish: true },
          { title: 'Same', rating: 6 },
          { title: 'Same', rating: 6, publish: true },
          { title: 'Other', rating: 9 },
          { title: 'Other', rating: 3, publish: true },
          { title: 'Same', rating: 6 },
          { title: 'Third', rating: 6 },
        ]);
        const request = { cameraId: camera.id, sort, limit: 2 };

        const byCursor = await walk(request, editor);
        const byPage: string[] = [];
        for (let page = 1; page <= 4; page++)
          byPage.push(...(await list({ ...request, page }, editor)).items.map((r) => r.id));

        expect(byCursor).toHaveLength(7);
        expect(new Set(byCursor).size).toBe(7);
        expect(byCursor).toEqual(byPage);
      },
    );

    it('when the camera filter is given, then only that camera’s reviews come back and total counts them', async () => {
      const { editor, camera, reviews } = await arrange([
        { title: 'One', rating: 5 },
        { title: 'Two', rating: 6 },
      ]);
      const elsewhere = (await putCamera(cameraBody(freshId('list-other')), editor)).camera!;
      await call(
        'CreateReview',
        { cameraId: elsewhere.id, title: 'Elsewhere', body: 'b', rating: 1, verdict: 'v' },
        editor,
      );

      const page = await list({ cameraId: camera.id, limit: 1 }, editor);
      const all = await list({}, editor);

      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).not.toBe('');
      expect(reviews.map((r) => r.id)).toContain(page.items[0]?.id);
      expect(all.total).toBe(3);
    });

    it('when the sort names an unknown field, then it is invalid on sort', async () => {
      const err = await failure(list({ sort: ['-body'] }, author));

      expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
      expect(err.fields.map((f) => f.field)).toEqual(['sort']);
    });

    it('when the cursor is forged or made for another sort order, then it is invalid on cursor', async () => {
      const { editor, camera } = await arrange([
        { title: 'One', rating: 5 },
        { title: 'Two', rating: 6 },
      ]);
      const first = await list({ cameraId: camera.id, sort: ['title'], limit: 1 }, editor);
      const forged = [
        'not-a-cursor',
        Buffer.from(JSON.stringify(['title', 'One', 'not-a-uuid'])).toString('base64url'),
        Buffer.from(JSON.stringify(['-createdAt', '2026-02-30T00:00:00.000000Z', newId()])).toString(
          'base64url',
        ),
      ];

      for (const cursor of [...forged, first.nextCursor]) {
        const sort = cursor === first.nextCursor ? ['-rating'] : ['title'];
        const err = await failure(list({ cameraId: camera.id, sort, cursor }, editor));
        expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
        expect(err.fields.map((f) => f.field)).toEqual(['cursor']);
      }
    });
  });
});
