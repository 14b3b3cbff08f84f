import { AppError, newEvent, newId } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributedAvailable, freshDatabase } from '../../../test/support/infra.ts';
import { cameraData, reviewData, startHarness, type ContentHarness } from './support/harness.ts';

// The search, listing, comparison and read-your-writes rpcs, run against PGlite and (when reachable) a
// fresh PostgreSQL database: the same SQL must behave the same on both.
const postgres = await distributedAvailable('content queries on PostgreSQL');

interface Target {
  name: string;
  open(): Promise<{ url: string | undefined; drop: () => Promise<void> }>;
}

const targets: Target[] = [
  { name: 'PGlite', open: async () => ({ url: undefined, drop: async () => undefined }) },
  ...(postgres ? [{ name: 'PostgreSQL', open: () => freshDatabase('rcr_content') }] : []),
];

/** The failure of a call, which must be an AppError. */
async function failure(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.each(targets)('content queries on $name', (target) => {
  let h: ContentHarness;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const database = await target.open();
    drop = database.drop;
    h = await startHarness(database.url);
  });

  afterAll(async () => {
    await h?.stop();
    await drop();
  });

  /** One camera and an author of its own, so a test's data never meets another test's. */
  async function setting(camera: Partial<ReturnType<typeof cameraData>> = {}) {
    const cam = cameraData(camera);
    await h.publishCamera(cam);
    return { camera: cam, authorId: `editor-${newId()}` };
  }

  const ids = (list: { items: { reviewId: string }[] }) => list.items.map((i) => i.reviewId);

  describe('full-text search', () => {
    it('when the query lacks accents or case, then it still finds accented text (camara → cámara, Nandu → Ñandú)', async () => {
      const { camera, authorId } = await setting();
      const review = reviewData(camera, {
        authorId,
        title: 'La cámara del Ñandú',
        body: 'Fotos en la Patagonia.',
      });
      await h.publishReview(review);

      for (const q of ['camara', 'CÁMARA', 'Nandu', 'ñandu patagonia']) {
        expect(ids(await h.listContent({ authorId, q })), q).toEqual([review.reviewId]);
      }
      expect((await h.listContent({ authorId, q: 'nikon' })).total).toBe(0);
    });

    it('when the query has a small typo, then the Fujifilm X100VI review is still found', async () => {
      const { camera, authorId } = await setting({ brand: 'Fujifilm', model: 'X100VI' });
      const review = reviewData(camera, { authorId, title: 'Compact perfection', body: 'A joy to carry.' });
      await h.publishReview(review);

      for (const q of ['fujfilm', 'x100v1', 'fujifilm x100vi', 'FUJIFILM']) {
        expect(ids(await h.listContent({ authorId, q })), q).toEqual([review.reviewId]);
      }
      expect((await h.listContent({ authorId, q: 'qwzxkv' })).total).toBe(0);
    });

    it('when the query has several words, then every word must match', async () => {
      const { camera, authorId } = await setting();
      const both = reviewData(camera, {
        authorId,
        title: 'Bokeh monster',
        body: 'Great for street portraits.',
      });
      const one = reviewData(camera, { authorId, title: 'Bokeh and colour', body: 'Landscapes.' });
      for (const r of [both, one]) await h.publishReview(r);

      expect(ids(await h.listContent({ authorId, q: 'bokeh street' }))).toEqual([both.reviewId]);
      expect((await h.listContent({ authorId, q: 'bokeh' })).total).toBe(2);
    });

    it('when sorted by relevance, then a title match outranks a verdict match, which outranks a body-only match', async () => {
      const { camera, authorId } = await setting({ brand: 'Pentax', model: 'K-3 III' });
      const bodyOnly = reviewData(camera, {
        authorId,
        title: 'A weatherproof workhorse',
        body: 'The monochrome sensor option is rare. Monochrome files are lovely.',
        verdict: 'Good',
        publishedAt: '2025-05-03T00:00:00.000Z',
      });
      const verdict = reviewData(camera, {
        authorId,
        title: 'A field camera',
        body: 'Sturdy.',
        verdict: 'Buy it for monochrome',
        publishedAt: '2025-05-02T00:00:00.000Z',
      });
      const title = reviewData(camera, {
        authorId,
        title: 'Monochrome done right',
        body: 'Sturdy.',
        publishedAt: '2025-05-01T00:00:00.000Z',
      });
      for (const r of [bodyOnly, verdict, title]) await h.publishReview(r);

      const ranked = await h.listContent({ authorId, q: 'monochrome' });
      expect(ids(ranked)).toEqual([title.reviewId, verdict.reviewId, bodyOnly.reviewId]);
      // A typo in the title still ranks it first.
      expect(ids(await h.listContent({ authorId, q: 'monocrome' }))[0]).toBe(title.reviewId);
      // Reversed relevance, and an explicit date sort, are honoured too.
      expect(ids(await h.listContent({ authorId, q: 'monochrome', sort: ['-relevance'] }))).toEqual([
        bodyOnly.reviewId,
        verdict.reviewId,
        title.reviewId,
      ]);
      expect(ids(await h.listContent({ authorId, q: 'monochrome', sort: ['publishedAt'] }))).toEqual([
        title.reviewId,
        verdict.reviewId,
        bodyOnly.reviewId,
      ]);
    });

    it('when a camera is renamed, then its reviews are found by the new name', async () => {
      const { camera, authorId } = await setting({ brand: 'Ricoh', model: 'GR IIIx' });
      const review = reviewData(camera, { authorId, title: 'Pocket street camera' });
      await h.publishReview(review);

      await h.publishCamera({ ...camera, model: 'GR IV', version: 2 }, 'camera.updated');

      expect(ids(await h.listContent({ authorId, q: 'gr iv' }))).toEqual([review.reviewId]);
      expect((await h.listContent({ authorId, q: 'iiix' })).total).toBe(0);
    });
  });

  describe('filters and sort', () => {
    it('when filtering by brand, author, minimum rating and publication date, then only matching reviews come back', async () => {
      const brand = `Brand${newId().slice(-6)}`;
      const { camera, authorId } = await setting({ brand });
      const other = await setting();
      const low = reviewData(camera, { authorId, rating: 5, publishedAt: '2025-01-10T00:00:00.000Z' });
      const high = reviewData(camera, { authorId, rating: 9, publishedAt: '2025-02-10T12:00:00.000Z' });
      const elsewhere = reviewData(other.camera, { authorId, rating: 9.5 });
      for (const r of [low, high, elsewhere]) await h.publishReview(r);

      expect(ids(await h.listContent({ brand: brand.toLowerCase() }))).toEqual([high.reviewId, low.reviewId]);
      expect((await h.listContent({ authorId })).total).toBe(3);
      expect(ids(await h.listContent({ authorId, minRating: 9, sort: ['rating'] }))).toEqual([
        high.reviewId,
        elsewhere.reviewId,
      ]);
      expect(ids(await h.listContent({ brand, publishedAfter: '2025-02-10' }))).toEqual([high.reviewId]);
      expect((await h.listContent({ brand, publishedAfter: '2025-02-10T12:00:00.001Z' })).total).toBe(0);
      expect((await h.listContent({ brand, publishedAfter: '2025-02-10T13:00:00+02:00' })).total).toBe(1);
      expect(ids(await h.listContent({ cameraId: camera.cameraId, minRating: 6 }))).toEqual([high.reviewId]);
    });

    it('when sorted by several fields, then each breaks the ties of the one before', async () => {
      const { camera, authorId } = await setting();
      const make = (title: string, rating: number, day: string) =>
        reviewData(camera, { authorId, title, rating, publishedAt: `2025-04-${day}T00:00:00.000Z` });
      const reviews = [
        make('banana', 8, '01'),
        make('Árbol', 8, '02'),
        make('apple', 7, '03'),
        make('Cereza', 8, '04'),
      ];
      for (const r of reviews) await h.publishReview(r);

      const byRatingThenTitle = await h.listContent({ authorId, sort: ['-rating,title'] });
      expect(byRatingThenTitle.items.map((i) => i.title)).toEqual(['Árbol', 'banana', 'Cereza', 'apple']);
      const byTitle = await h.listContent({ authorId, sort: ['title'] });
      expect(byTitle.items.map((i) => i.title)).toEqual(['apple', 'Árbol', 'banana', 'Cereza']);
      const newest = await h.listContent({ authorId });
      expect(newest.items.map((i) => i.title)).toEqual(['Cereza', 'apple', 'Árbol', 'banana']);
    });

    it('when walking with cursors, then every review comes once, in the same order as page/limit', async () => {
      const { camera, authorId } = await setting({ model: 'Walker' });
      for (let i = 0; i < 11; i++) {
        await h.publishReview(
          reviewData(camera, {
            authorId,
            title: `Walker review ${i % 4}`,
            body: i % 2 ? 'walker walker walker' : 'plain',
            rating: 5 + (i % 3),
            publishedAt: `2025-06-${String(10 + (i % 5)).padStart(2, '0')}T00:00:00.000Z`,
          }),
        );
      }
      for (const request of [
        { sort: ['-rating', 'title'] },
        { sort: ['publishedAt'] },
        { q: 'walker' },
        { q: 'walker', sort: ['-relevance', '-title'] },
      ]) {
        const viaCursor: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await h.listContent({ authorId, limit: 3, ...request, ...(cursor ? { cursor } : {}) });
          expect(page.total).toBe(11);
          viaCursor.push(...ids(page));
          cursor = page.nextCursor || undefined;
          pages += 1;
        } while (cursor && pages < 10);
        const viaPages: string[] = [];
        for (let page = 1; page <= 4; page++) {
          viaPages.push(...ids(await h.listContent({ authorId, limit: 3, page, ...request })));
        }
        expect(pages, JSON.stringify(request)).toBe(4);
        expect(new Set(viaCursor).size).toBe(11);
        expect(viaCursor).toEqual(viaPages);
      }
    });

    it('when the sort, cursor, date or rating is invalid, then it answers VALIDATION_FAILED naming the field', async () => {
      const cases: [Parameters<ContentHarness['listContent']>[0], string][] = [
        [{ sort: ['nope'] }, 'sort'],
        [{ sort: ['relevance'] }, 'sort'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ publishedAfter: 'yesterday' }, 'publishedAfter'],
        [{ publishedAfter: '2025-02-30' }, 'publishedAfter'],
        [{ minRating: 11 }, 'minRating'],
        [{ q: 'x'.repeat(201) }, 'q'],
      ];
      for (const [request, field] of cases) {
        const err = await failure(h.listContent(request));
        expect(err, JSON.stringify(request)).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
        expect(err.fields.map((f) => f.field)).toEqual([field]);
      }
      const { camera, authorId } = await setting();
      for (let i = 0; i < 2; i++) await h.publishReview(reviewData(camera, { authorId }));
      const first = await h.listContent({ authorId, limit: 1 });
      expect(first.nextCursor).not.toBe('');
      const err = await failure(h.listContent({ authorId, sort: ['title'], cursor: first.nextCursor }));
      expect(err.fields).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    });
  });

  describe('camera list', () => {
    it('when searching and sorting cameras, then name matches ignore accents, case and small typos', async () => {
      const brand = `Hässelblad${newId().slice(-6)}`;
      const cams = [
        cameraData({ brand, model: 'X2D 100C' }),
        cameraData({ brand, model: '907X' }),
        cameraData({ brand, model: 'Zeta' }),
      ];
      for (const c of cams) await h.publishCamera(c);
      for (const rating of [9, 7]) await h.publishReview(reviewData(cams[1]!, { rating }));
      await h.publishReview(reviewData(cams[2]!, { rating: 9 }));

      const word = brand.toLowerCase().replace('ä', 'a');
      expect((await h.listCameras({ q: `${word} x2d` })).items.map((c) => c.model)).toEqual(['X2D 100C']);
      expect((await h.listCameras({ q: word.toUpperCase() })).total).toBe(3);
      expect((await h.listCameras({ q: `${word} zetta` })).items.map((c) => c.model)).toEqual(['Zeta']);

      const bestFirst = await h.listCameras({ q: word, sort: ['-averageRating', 'model'] });
      expect(bestFirst.items.map((c) => [c.model, c.averageRating, c.reviewCount])).toEqual([
        ['Zeta', 9, 1],
        ['907X', 8, 2],
        ['X2D 100C', 0, 0],
      ]);
      const mostReviewed = await h.listCameras({ brand, sort: ['-reviewCount'] });
      expect(mostReviewed.items.map((c) => c.model)).toEqual(['907X', 'Zeta', 'X2D 100C']);
      expect((await h.listCameras({ brand, sort: ['-model'], limit: 1, page: 2 })).items[0]?.model).toBe(
        'X2D 100C',
      );

      const err = await failure(h.listCameras({ sort: ['price'] }));
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'sort' }] });
    });
  });

  describe('comparison', () => {
    it('when comparing cameras, then specs are in common units and each field marks the better camera', async () => {
      const a = cameraData({
        brand: 'Sony',
        model: 'A7 IV',
        type: 'mirrorless',
        specs: {
          sensorSize: 'Full frame',
          megapixels: 33,
          isoMin: 100,
          isoMax: 51200,
          weightGrams: 658,
          priceUsd: 2499,
        },
      });
      const b = cameraData({
        brand: 'Fujifilm',
        model: 'X-T5',
        type: 'mirrorless',
        specs: {
          sensorSize: 'APS-C',
          megapixels: 40.2,
          isoMin: 125,
          isoMax: 12800,
          weightGrams: 557,
          priceUsd: 1699,
        },
      });
      const c = cameraData({
        brand: 'Canon',
        model: 'PowerShot',
        specs: { sensorSize: '1/2.3"', megapixels: 40.2, priceUsd: 1699 },
      });
      for (const camera of [a, b, c]) await h.publishCamera(camera);
      for (const rating of [8, 9]) await h.publishReview(reviewData(a, { rating }));
      await h.publishReview(reviewData(c, { rating: 6 }));

      const comparison = await h.compareCameras([b.cameraId, a.cameraId, c.cameraId]);

      expect(comparison.cameras.map((cam) => [cam.id, cam.name, cam.type])).toEqual([
        [b.cameraId, 'Fujifilm X-T5', 'mirrorless'],
        [a.cameraId, 'Sony A7 IV', 'mirrorless'],
        [c.cameraId, 'Canon PowerShot', 'compact'],
      ]);
      const field = (name: string) => {
        const f = comparison.fields.find((x) => x.field === name);
        if (!f) throw new Error(`no field ${name}`);
        return { ...f, values: f.values.map((v) => v.value ?? null) };
      };
      expect(field('sensorArea')).toMatchObject({
        unit: 'mm²',
        better: 'higher',
        values: [366.6, 864, 28.1],
        bestCameraIds: [a.cameraId],
      });
      expect(field('cropFactor')).toMatchObject({ values: [1.53, 1, 5.64], bestCameraIds: [a.cameraId] });
      expect(field('megapixels')).toMatchObject({
        better: 'higher',
        bestCameraIds: [b.cameraId, c.cameraId],
      });
      expect(field('isoMin')).toMatchObject({
        better: 'lower',
        values: [125, 100, null],
        bestCameraIds: [a.cameraId],
      });
      expect(field('isoRange')).toMatchObject({
        unit: 'stops',
        values: [6.68, 9, null],
        bestCameraIds: [a.cameraId],
      });
      expect(field('weight')).toMatchObject({ unit: 'g', better: 'lower', bestCameraIds: [b.cameraId] });
      expect(field('price')).toMatchObject({ unit: 'USD', bestCameraIds: [b.cameraId, c.cameraId] });
      expect(field('averageRating')).toMatchObject({ values: [null, 8.5, 6], bestCameraIds: [a.cameraId] });
      expect(field('reviewCount')).toMatchObject({ better: 'none', values: [0, 2, 1], bestCameraIds: [] });
      const area = comparison.fields.find((f) => f.field === 'sensorArea');
      expect(area?.values[1]?.display).toBe('Full frame (36 × 24 mm)');
      const unknownWeight = comparison.fields.find((f) => f.field === 'weight')?.values[2];
      expect(unknownWeight?.cameraId).toBe(c.cameraId);
      expect(unknownWeight?.value).toBeUndefined();
      expect(unknownWeight?.display).toBeUndefined();
    });

    it('when one or five cameras, or the same one twice, are asked for, then it answers VALIDATION_FAILED on cameras', async () => {
      for (const cameraIds of [['a'], ['a', 'b', 'c', 'd', 'e'], ['a', 'a'], []]) {
        const err = await failure(h.compareCameras(cameraIds));
        expect(err, cameraIds.join()).toMatchObject({
          code: 'VALIDATION_FAILED',
          fields: [{ field: 'cameras' }],
        });
      }
    });

    it('when some ids are unknown or deleted, then it answers CAMERA_NOT_FOUND naming each of them', async () => {
      const known = cameraData();
      const gone = cameraData();
      for (const camera of [known, gone]) await h.publishCamera(camera);
      await h.bus.publish(
        newEvent('reviews', 'camera.deleted', gone.cameraId, { cameraId: gone.cameraId, version: 2 }),
      );

      const err = await failure(h.compareCameras([known.cameraId, 'no-such-camera', gone.cameraId]));

      expect(err).toMatchObject({ kind: 'not-found', code: 'CAMERA_NOT_FOUND' });
      expect(err.message).toContain('"no-such-camera"');
      expect(err.message).toContain(`"${gone.cameraId}"`);
      expect(err.message).not.toContain(known.cameraId);
    });
  });

  describe('read-your-writes (AwaitVersions)', () => {
    it('when the version is already applied, then it answers reached at once', async () => {
      const { camera } = await setting();
      const review = reviewData(camera, { version: 2 });
      await h.publishReview(review);

      const reply = await h.awaitVersions({
        watermarks: [
          { kind: 'review', id: review.reviewId, version: 2 },
          { kind: 'camera', id: camera.cameraId, version: 1 },
        ],
        timeoutMs: 0,
      });

      expect(reply.reached).toBe(true);
    });

    it('when the event is applied while waiting, then it answers reached as soon as it is', async () => {
      const { camera } = await setting();
      const review = reviewData(camera, { version: 2 });
      await h.publishReview(review);
      const started = Date.now();

      const waiting = h.awaitVersions({
        watermarks: [{ kind: 'review', id: review.reviewId, version: 3 }],
        timeoutMs: 4000,
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await h.publishReview({ ...review, title: 'Edited', version: 3 }, 'review.updated');

      expect((await waiting).reached).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('when a review left public view at that version, then the removal counts as applied', async () => {
      const { camera } = await setting();
      const review = reviewData(camera, { version: 2 });
      await h.publishReview(review);
      await h.bus.publish(
        newEvent('reviews', 'review.unpublished', review.reviewId, {
          ...review,
          status: 'draft',
          version: 3,
        }),
      );

      const reply = await h.awaitVersions({
        watermarks: [{ kind: 'review', id: review.reviewId, version: 3 }],
        timeoutMs: 0,
      });

      expect(reply.reached).toBe(true);
    });

    it('when the version never arrives, then it answers reached=false after the timeout', async () => {
      const { camera } = await setting();
      const started = Date.now();

      const reply = await h.awaitVersions({
        watermarks: [
          { kind: 'camera', id: camera.cameraId, version: 1 },
          { kind: 'camera', id: camera.cameraId, version: 2 },
        ],
        timeoutMs: 120,
      });

      expect(reply.reached).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    });

    it('when a watermark is malformed, then it answers VALIDATION_FAILED on watermarks', async () => {
      const err = await failure(h.awaitVersions({ watermarks: [{ kind: 'editor', id: 'x', version: 1 }] }));
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'watermarks' }] });
    });
  });
});

describe('read-your-writes waits are bounded (AwaitVersions)', () => {
  let h: ContentHarness;

  beforeAll(async () => {
    h = await startHarness(undefined, { RCR_CONSISTENCY_MAX_WAITS: '2' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('when more waits than RCR_CONSISTENCY_MAX_WAITS are held, then the excess answers reached=false at once', async () => {
    const never = (id: string) => ({ watermarks: [{ kind: 'camera', id, version: 1 }], timeoutMs: 3000 });
    const held = [h.awaitVersions(never('never-a')), h.awaitVersions(never('never-b'))];
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();

    const excess = await h.awaitVersions(never('never-c'));

    expect(excess.reached).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await Promise.all(held)).map((r) => r.reached)).toEqual([false, false]);
  });
});
