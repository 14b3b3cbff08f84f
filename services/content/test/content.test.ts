import type { Watermark } from '../src/domain/await-versions.ts';
import * as grpc from '@grpc/grpc-js';
import { protos, type ContentV1, type EventData } from '@rcr/contracts';
import type { MemoryBus } from '@rcr/platform';
import {
  AppError,
  callUnary,
  createLogger,
  loadConfig,
  openEmbeddedBus,
  newEvent,
  newId,
  openServiceDatabase,
  type Database,
  type Inbox,
  type RunningService,
} from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentConfigSchema, startContentService } from '../src/index.ts';
import { contentInbox, handleEvent } from '../src/events/subscriptions.ts';
import { findStoredReview, renderStaleFragments } from '../src/store/content-repository.ts';
import { appliedVersions } from '../src/store/version-repository.ts';
import { CONTENT_DB_EXTENSIONS, CONTENT_MIGRATIONS } from '../src/store/database.ts';
import { cameraData as baseCameraData, reviewData as baseReviewData } from './support/harness.ts';
import { asGateway, TEST_INTERNAL_ENV } from '../../../test/support/internal-auth.ts';

const config = loadConfig(contentConfigSchema, {
  ...TEST_INTERNAL_ENV,
  RCR_DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  GRPC_PORT: '0',
});

// --- event builders: every test makes its own ids, so tests share the service but not their data ---

// The harness's builders, with this file's richer defaults.
const cameraData = (overrides: Partial<EventData<'camera.created'>> = {}) =>
  baseCameraData({ specs: { megapixels: 40.2, sensorSize: 'APS-C' }, ...overrides });

const reviewData = (camera: { cameraId: string }, overrides: Partial<EventData<'review.published'>> = {}) =>
  baseReviewData(camera, {
    title: 'A great compact',
    body: 'Long body text.',
    pros: ['sharp lens'],
    cons: ['battery'],
    verdict: 'Buy it',
    ...overrides,
  });

function editorData(editorId: string, name: string): EventData<'editor.registered'> {
  return { editorId, name, role: 'editor', active: true, email: `${editorId}@example.test` };
}

describe('content service', () => {
  let bus: MemoryBus;
  let service: RunningService;
  let client: ContentV1.ContentServiceClient;

  beforeAll(async () => {
    bus = await openEmbeddedBus({ namespace: 't', retrySchedule: [5, 5] });
    service = await startContentService({ config, bus, log: createLogger('content', 'silent') });
    client = asGateway(new protos.content.ContentService(service.address, grpc.credentials.createInsecure()));
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await bus?.close();
  });

  const getContent = (slug: string) =>
    callUnary<ContentV1.SlugRef, ContentV1.ContentItem__Output>(client, client.getContent, { slug });
  const listContent = (request: ContentV1.ListContentRequest) =>
    callUnary<ContentV1.ListContentRequest, ContentV1.ContentList__Output>(
      client,
      client.listContent,
      request,
    );
  const listCameras = (request: ContentV1.ListCamerasRequest) =>
    callUnary<ContentV1.ListCamerasRequest, ContentV1.CameraSummaryList__Output>(
      client,
      client.listCameras,
      request,
    );
  const getCameras = (ids: string[]) =>
    callUnary<ContentV1.CameraRefs, ContentV1.CameraSummaryList__Output>(client, client.getCameras, { ids });
  const getCamera = (id: string) =>
    callUnary<ContentV1.CameraRef, ContentV1.CameraSummary__Output>(client, client.getCamera, { id });

  async function publishCamera(data: EventData<'camera.created'>) {
    await bus.publish(newEvent('reviews', 'camera.created', data.cameraId, data));
  }

  async function publishReview(
    type: 'review.published' | 'review.updated' | 'review.unpublished',
    data: EventData<'review.published'>,
  ) {
    await bus.publish(newEvent('reviews', type, data.reviewId, data));
  }

  it('when a review is published, then it can be read with its camera and editor names', async () => {
    const camera = cameraData({ brand: 'Leica', model: 'Q3' });
    const review = reviewData(camera);
    await publishCamera(camera);
    await bus.publish(
      newEvent('identity', 'editor.registered', review.authorId, editorData(review.authorId, 'Ada')),
    );
    await publishReview('review.published', review);

    const item = await getContent(review.slug);

    expect(item).toMatchObject({
      reviewId: review.reviewId,
      slug: review.slug,
      title: review.title,
      rating: 8,
      pros: ['sharp lens'],
      cons: ['battery'],
      cameraId: camera.cameraId,
      cameraName: 'Leica Q3',
      authorId: review.authorId,
      authorName: 'Ada',
      publishedAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('when the editor becomes known after the review, then the author name appears without a new review event', async () => {
    const camera = cameraData();
    const review = reviewData(camera);
    await publishCamera(camera);
    await publishReview('review.published', review);
    expect((await getContent(review.slug)).authorName).toBe('');

    await bus.publish(
      newEvent('identity', 'editor.registered', review.authorId, editorData(review.authorId, 'Grace')),
    );

    expect((await getContent(review.slug)).authorName).toBe('Grace');
  });

  it('when several reviews are published, then the list is newest first, paged, with the total', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const days = ['2025-01-01', '2025-01-03', '2025-01-02'];
    const reviews = days.map((day) => reviewData(camera, { publishedAt: `${day}T08:00:00.000Z` }));
    for (const review of reviews) await publishReview('review.published', review);

    const first = await listContent({ cameraId: camera.cameraId, page: 1, limit: 2 });
    const second = await listContent({ cameraId: camera.cameraId, page: 2, limit: 2 });

    expect(first.total).toBe(3);
    expect(first.items.map((i) => i.publishedAt)).toEqual([
      '2025-01-03T08:00:00.000Z',
      '2025-01-02T08:00:00.000Z',
    ]);
    expect(second.items.map((i) => i.publishedAt)).toEqual(['2025-01-01T08:00:00.000Z']);
    expect(second.total).toBe(3);
  });

  it('when no page or limit is sent, then the first page of 20 comes back', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    for (let i = 0; i < 21; i++) await publishReview('review.published', reviewData(camera));

    const list = await listContent({ cameraId: camera.cameraId });

    expect(list.items).toHaveLength(20);
    expect(list.total).toBe(21);
  });

  it('when an older version arrives after a newer one, then the row is not regressed', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const newer = reviewData(camera, { version: 4, title: 'Version 4' });
    await publishReview('review.published', newer);

    await publishReview('review.updated', { ...newer, version: 3, title: 'Version 3' });
    await publishReview('review.published', { ...newer, version: 2, title: 'Version 2' });

    expect((await getContent(newer.slug)).title).toBe('Version 4');
  });

  it('when a public review is updated, then the read model shows the edit', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const review = reviewData(camera);
    await publishReview('review.published', review);

    await publishReview('review.updated', { ...review, version: 3, title: 'Edited', rating: 9.5 });

    expect(await getContent(review.slug)).toMatchObject({ title: 'Edited', rating: 9.5 });
  });

  it('when a review is unpublished, then it disappears and a late older publish does not bring it back', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const review = reviewData(camera, { version: 2 });
    await publishReview('review.published', review);

    await publishReview('review.unpublished', { ...review, status: 'draft', version: 3 });
    await publishReview('review.published', { ...review, version: 2 });

    await expect(getContent(review.slug)).rejects.toMatchObject({ code: 'CONTENT_NOT_FOUND' });
    expect((await listContent({ cameraId: camera.cameraId })).total).toBe(0);
  });

  it('when a review takes the slug another public review still holds, then only it is listed and counted, also after the other one leaves', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const first = reviewData(camera, { title: 'First holder' });
    const second = reviewData(camera, { title: 'Second holder', slug: first.slug });
    await publishReview('review.published', first);

    await publishReview('review.published', second);

    expect((await getContent(first.slug)).title).toBe('Second holder');
    const listed = await listContent({ cameraId: camera.cameraId });
    expect(listed.items.map((item) => item.title)).toEqual(['Second holder']);
    expect(listed.total).toBe(1);
    // The first review's removal, in flight while its slug was taken, changes nothing more.
    await publishReview('review.unpublished', { ...first, status: 'draft', version: first.version + 1 });
    expect((await listContent({ cameraId: camera.cameraId })).total).toBe(1);
    expect((await getContent(first.slug)).title).toBe('Second holder');
  });

  it('when a review is deleted, then it disappears', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const review = reviewData(camera);
    await publishReview('review.published', review);

    const { reviewId, cameraId, authorId } = review;
    await bus.publish(
      newEvent('reviews', 'review.deleted', reviewId, { reviewId, cameraId, authorId, version: 3 }),
    );

    await expect(getContent(review.slug)).rejects.toMatchObject({ code: 'CONTENT_NOT_FOUND' });
  });

  it('when a draft is updated, then it is not visible', async () => {
    const camera = cameraData();
    await publishCamera(camera);
    const draft = reviewData(camera, { status: 'draft', publishedAt: null, version: 3 });

    await publishReview('review.updated', draft);

    await expect(getContent(draft.slug)).rejects.toMatchObject({ code: 'CONTENT_NOT_FOUND' });
    expect((await listContent({ cameraId: camera.cameraId })).items).toEqual([]);
  });

  it('when the slug is unknown, then it answers NOT_FOUND', async () => {
    const failure = await getContent('no-such-review').catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ kind: 'not-found', code: 'CONTENT_NOT_FOUND' });
  });

  it('when cameras have published reviews, then the camera list shows their average rating and count', async () => {
    const brand = `Brand${newId().slice(-8)}`;
    const reviewed = cameraData({ brand, model: 'B-2', type: 'mirrorless' });
    const unreviewed = cameraData({ brand, model: 'A-1', type: 'mirrorless' });
    const gone = cameraData({ brand, model: 'C-3', type: 'dslr' });
    for (const camera of [reviewed, unreviewed, gone]) await publishCamera(camera);
    await bus.publish(
      newEvent('reviews', 'camera.deleted', gone.cameraId, { cameraId: gone.cameraId, version: 2 }),
    );
    for (const rating of [8, 7, 7]) await publishReview('review.published', reviewData(reviewed, { rating }));

    const list = await listCameras({ brand: brand.toUpperCase() });

    expect(list.total).toBe(2);
    expect(list.items.map((c) => [c.model, c.averageRating, c.reviewCount])).toEqual([
      ['A-1', 0, 0],
      ['B-2', 7.3, 3],
    ]);
    expect(list.items[1]?.specs).toMatchObject({ megapixels: 40.2, sensorSize: 'APS-C' });
    expect((await listCameras({ brand, type: 'dslr' })).total).toBe(0);
  });

  it('when a camera is asked for by id, then it answers it, and NOT_FOUND once deleted or unknown', async () => {
    const camera = cameraData({ brand: 'Sony', model: 'A7 IV', type: 'mirrorless' });
    await publishCamera(camera);

    expect(await getCamera(camera.cameraId)).toMatchObject({
      brand: 'Sony',
      model: 'A7 IV',
      reviewCount: 0,
      version: 1,
    });

    await bus.publish(
      newEvent('reviews', 'camera.deleted', camera.cameraId, { cameraId: camera.cameraId, version: 2 }),
    );
    await expect(getCamera(camera.cameraId)).rejects.toMatchObject({ code: 'CAMERA_NOT_FOUND' });
    await expect(getCamera('no-such-camera')).rejects.toMatchObject({ code: 'CAMERA_NOT_FOUND' });
  });

  it('when several cameras are asked for in one batch, then the known ones come back once each, and a bad batch is INVALID_ARGUMENT', async () => {
    const first = cameraData({ brand: 'Nikon', model: `Z${newId().slice(-6)}`, type: 'mirrorless' });
    const second = cameraData({ brand: 'Nikon', model: `Z${newId().slice(-6)}`, type: 'mirrorless' });
    for (const camera of [first, second]) await publishCamera(camera);
    const batch = await getCameras([first.cameraId, 'no-such-camera', second.cameraId, first.cameraId]);
    expect(batch.items.map((c) => c.id).sort()).toEqual([first.cameraId, second.cameraId].sort());
    await expect(getCameras([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(getCameras(Array.from({ length: 101 }, (_, i) => `c-${i}`))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('content event handling (inbox)', () => {
  let db: Database;
  let inbox: Inbox;

  beforeAll(async () => {
    db = await openServiceDatabase(config, 'content', CONTENT_MIGRATIONS, {
      extensions: CONTENT_DB_EXTENSIONS,
    });
    inbox = contentInbox(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('when the same review event is delivered twice, then it is applied once', async () => {
    const event = newEvent('reviews', 'review.published', 'r', reviewData(cameraData()));

    const first = await handleEvent(inbox, event);
    const second = await handleEvent(inbox, structuredClone(event));

    expect([first, second]).toEqual(['upsert', 'duplicate']);
    expect(await findStoredReview(db, event.data.reviewId)).toEqual({ version: 2, visible: true });
    const stored = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM inbox WHERE event_id = $1', [
      event.id,
    ]);
    expect(stored[0]?.n).toBe(1);
  });

  it('when the camera or editor is renamed, or the stored JSON predates the rendering, then the JSON is rendered again', async () => {
    const camera = cameraData();
    const review = reviewData(camera);
    const publicJson = async () =>
      (
        await db.query<{ json: string }>('SELECT public_json AS json FROM content WHERE review_id = $1', [
          review.reviewId,
        ])
      )[0]?.json;
    await handleEvent(inbox, newEvent('reviews', 'camera.created', camera.cameraId, camera));
    await handleEvent(inbox, newEvent('reviews', 'review.published', review.reviewId, review));
    expect(JSON.parse((await publicJson()) ?? '')).toMatchObject({
      camera: { id: camera.cameraId, name: 'Fujifilm X100VI' },
      author: { id: review.authorId, name: '' },
    });

    const renamed = { ...camera, model: 'X100VII', version: 2 };
    await handleEvent(inbox, newEvent('reviews', 'camera.updated', camera.cameraId, renamed));
    await handleEvent(
      inbox,
      newEvent('identity', 'editor.registered', review.authorId, editorData(review.authorId, 'Grace')),
    );
    const current = await publicJson();
    expect(JSON.parse(current ?? '')).toMatchObject({
      camera: { name: 'Fujifilm X100VII' },
      author: { name: 'Grace' },
      title: review.title,
    });

    // A row as migration 004 leaves it (or as an older rendering wrote it) is rendered again at start-up.
    await db.query("UPDATE content SET public_json = '', public_json_version = 0 WHERE review_id = $1", [
      review.reviewId,
    ]);
    expect(await renderStaleFragments(db)).toBeGreaterThanOrEqual(1);
    expect(await publicJson()).toBe(current);
  });

  it('when a review event is applied, then the listener hears its version once stored, also for a redelivery', async () => {
    const event = newEvent('reviews', 'review.published', 'r', reviewData(cameraData(), { version: 5 }));
    const heard: { version: number; storedThen: Promise<unknown> }[] = [];
    const listener = (mark: Watermark) =>
      // What the database holds when the listener hears of it.
      heard.push({ version: mark.version, storedThen: appliedVersions(db, [mark]) });

    await handleEvent(inbox, event, listener);
    await handleEvent(inbox, structuredClone(event), listener);

    expect(heard.map((h) => h.version)).toEqual([5, 5]);
    expect(await heard[0]?.storedThen).toEqual([{ kind: 'review', id: event.data.reviewId, version: 5 }]);
  });

  it('when an editor event is applied, then the listener hears the event itself once stored (editors carry no version)', async () => {
    const editorId = newId();
    const event = newEvent('identity', 'editor.registered', editorId, editorData(editorId, 'Ana'));
    const heard: { mark: Watermark; storedThen: Promise<unknown> }[] = [];

    await handleEvent(inbox, event, (mark) => heard.push({ mark, storedThen: appliedVersions(db, [mark]) }));

    expect(heard.map((h) => h.mark)).toEqual([{ kind: 'event', id: event.id, version: 0 }]);
    expect(await heard[0]?.storedThen).toEqual([{ kind: 'event', id: event.id, version: 0 }]);
  });

  it('when an editor event is redelivered after a later rename, then the rename is kept', async () => {
    const editorId = newId();
    const registered = newEvent('identity', 'editor.registered', editorId, editorData(editorId, 'Old name'));
    const renamed = newEvent('identity', 'editor.updated', editorId, {
      editorId,
      name: 'New name',
      role: 'editor',
      active: true,
    });

    await handleEvent(inbox, registered);
    await handleEvent(inbox, renamed);
    const redelivered = await handleEvent(inbox, registered);

    expect(redelivered).toBe('duplicate');
    const rows = await db.query<{ name: string }>('SELECT name FROM editors WHERE id = $1', [editorId]);
    expect(rows).toEqual([{ name: 'New name' }]);
  });
});
