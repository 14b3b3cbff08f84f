import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_DEPTH } from '@rcr/platform';
import { ApiClient, reviewBody } from './support/client.ts';
import { startDistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { startTestSystem } from './support/system.ts';

// Search from indexes (ADR 0014), through the public API of a whole system, in both modes: stemming by
// language, websearch syntax, typo correction through the vocabulary, counters kept exact by the
// projection, bounded counts flagged as estimates, deep pages refused.

/** A low cap, so that a handful of reviews is "more than the cap". */
const COUNT_CAP = 3;

type List = {
  data: { id: string; title: string; camera: { id: string }; author: { id: string } }[];
  meta: { total: number; totalIsEstimate?: boolean; totalPages: number };
  links: { last: string };
};
type Problem = { code: string; detail: string; errors?: { field: string; message: string }[] };

interface Running {
  url: string;
  stop(): Promise<void>;
}

const distributed = await distributedAvailable('search in distributed mode');

const modes: { name: string; skip: boolean; start: () => Promise<Running> }[] = [
  {
    name: 'embedded (PGlite)',
    skip: false,
    start: async () => {
      const system = await startTestSystem({ RCR_SEARCH_COUNT_CAP: String(COUNT_CAP) });
      return { url: system.gateway.url, stop: () => system.stop() };
    },
  },
  {
    name: 'distributed (PostgreSQL)',
    skip: !distributed,
    start: async () => {
      const system = await startDistributedSystem(1, () => ({
        content: { RCR_SEARCH_COUNT_CAP: String(COUNT_CAP) },
      }));
      return { url: system.gateways[0]!.url, stop: () => system.stop() };
    },
  },
];

for (const mode of modes) {
  describe.skipIf(mode.skip)(`indexed search, ${mode.name}`, () => {
    let running: Running;
    let api: ApiClient;
    let token: string;
    const ids: Record<string, string> = {};
    const tag = Math.random().toString(36).slice(2, 8);
    const fuji = `fuji-${tag}`;
    const sony = `sony-${tag}`;
    const fujiBrand = `Fujifilm${tag}`;

    /** Polls a list until `predicate` holds (the projection and the cache catch up asynchronously). */
    async function until(path: string, predicate: (body: List) => boolean): Promise<List> {
      let last: unknown;
      for (let i = 0; i < 150; i++) {
        const res = await api.request<List>('GET', path);
        last = res.body;
        if (res.status === 200 && predicate(res.body)) return res.body;
        await new Promise((r) => setTimeout(r, 40));
      }
      throw new Error(`${path} never matched; last: ${JSON.stringify(last)}`);
    }

    const titles = (body: List) => body.data.map((r) => r.title);

    async function publish(name: string, camera: string, fields: Record<string, unknown>) {
      const created = await api.must<{ id: string }>(
        'POST',
        '/v1/reviews',
        reviewBody(camera, fields),
        token,
        201,
      );
      await api.must('POST', `/v1/reviews/${created.id}/publish`, undefined, token);
      ids[name] = created.id;
    }

    beforeAll(async () => {
      running = await mode.start();
      api = new ApiClient(running.url);
      token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
      const specs = { megapixels: 40, sensorSize: 'APS-C' };
      await api.must(
        'PUT',
        `/v1/cameras/${fuji}`,
        { brand: fujiBrand, model: 'X100VI', type: 'compact', specs },
        token,
        201,
      );
      await api.must(
        'PUT',
        `/v1/cameras/${sony}`,
        { brand: 'Sony', model: 'A7 IV', type: 'mirrorless', specs },
        token,
        201,
      );
      await publish('camaras', fuji, {
        title: 'Dos cámaras compactas para la calle',
        body: 'Con luz de tarde el color es precioso; por la noche sufre.',
        verdict: 'Muy buena',
        language: 'es',
      });
      await publish('lens', sony, {
        title: 'A hybrid workhorse',
        body: 'The kit lens is soft in the corners, but the autofocus tracks birds.',
        verdict: 'Safe choice',
        language: 'en',
      });
      await publish('tarde', sony, {
        title: 'Una tarde con la Sony',
        body: 'La luz cambia rápido; tarde o temprano el enfoque falla con luz baja.',
        verdict: 'Correcta',
        language: 'es',
      });
      await publish('nocturna', fuji, {
        title: 'Fotografía nocturna en Patagonia',
        body: 'El sensor aguanta ISO alto sin ruido visible.',
        verdict: 'Sorprendente',
        language: 'es',
      });
      await until('/v1/content', (b) => b.meta.total === 4);
    }, 180_000);

    afterAll(async () => {
      await running?.stop();
    });

    it('when a word is searched in another inflection, then stemming by the review language finds it (Spanish, English)', async () => {
      const spanish = await until('/v1/content?q=c%C3%A1mara', (b) => b.data.length > 0);
      expect(titles(spanish)).toContain('Dos cámaras compactas para la calle');
      const english = await until('/v1/content?q=lenses', (b) => b.data.length > 0);
      expect(titles(english)).toEqual(['A hybrid workhorse']);
      // Accent-insensitive both ways: the query without accents, the document with them.
      const folded = await until('/v1/content?q=fotografia%20nocturna', (b) => b.data.length > 0);
      expect(titles(folded)).toEqual(['Fotografía nocturna en Patagonia']);
    });

    it('when the query quotes a phrase, excludes a word or offers alternatives, then websearch rules apply', async () => {
      const phrase = await api.request<List>('GET', `/v1/content?q=${encodeURIComponent('"luz de tarde"')}`);
      expect(titles(phrase.body)).toEqual(['Dos cámaras compactas para la calle']);
      const loose = await api.request<List>('GET', '/v1/content?q=luz%20tarde&sort=title');
      expect(titles(loose.body)).toEqual(['Dos cámaras compactas para la calle', 'Una tarde con la Sony']);
      const excluded = await api.request<List>(
        'GET',
        `/v1/content?q=${encodeURIComponent('luz tarde -sony')}`,
      );
      expect(titles(excluded.body)).toEqual(['Dos cámaras compactas para la calle']);
      // Stop words only: nothing, as websearch_to_tsquery would (not every review of the language).
      const stop = await api.request<List>('GET', '/v1/content?q=la%20de');
      expect(stop.body.meta.total).toBe(0);
      // No word at all (punctuation, a lone operator): nothing either, not every review.
      for (const q of ['!!!', '-', '""', 'or', '- "" ?']) {
        const none = await api.request<List>('GET', `/v1/content?q=${encodeURIComponent(q)}`);
        expect([q, none.status, none.body.meta.total, none.body.data.length]).toEqual([q, 200, 0, 0]);
      }
      const either = await api.request<List>('GET', '/v1/content?q=patagonia%20or%20workhorse&sort=title');
      expect(titles(either.body)).toEqual(['A hybrid workhorse', 'Fotografía nocturna en Patagonia']);
    });

    it('when a word is misspelt, then it is corrected through the indexed words (camera name and body)', async () => {
      const typo = fujiBrand.toLowerCase().replace('fujifilm', 'fujfilm');
      const camera = await api.request<List>('GET', `/v1/content?q=${typo}`);
      expect(camera.body.data.map((r) => r.camera.id)).toEqual([fuji, fuji]);
      const body = await api.request<List>('GET', '/v1/content?q=patagnia');
      expect(titles(body.body)).toEqual(['Fotografía nocturna en Patagonia']);
      const prefix = await api.request<List>('GET', '/v1/content?q=workh');
      expect(titles(prefix.body)).toEqual(['A hybrid workhorse']);
    });

    it('when reviews are published, updated, unpublished and deleted and cameras renamed, then every kept total stays exact', async () => {
      const totals = async () => {
        const [all, fujiReviews, brand, author] = await Promise.all([
          api.request<List>('GET', '/v1/content'),
          api.request<List>('GET', `/v1/cameras/${fuji}/reviews`),
          api.request<List>('GET', `/v1/content?brand=${fujiBrand.toLowerCase()}`),
          api.request<List>('GET', `/v1/content?editor=${authorId}`),
        ]);
        for (const list of [all, fujiReviews, brand, author])
          expect(list.body.meta.totalIsEstimate).toBeUndefined();
        return [all, fujiReviews, brand, author].map((list) => list.body.meta.total);
      };
      const authorId = (await api.request<List>('GET', '/v1/content')).body.data[0]!.author.id;
      expect(await totals()).toEqual([4, 2, 2, 4]);

      // Moved to another camera: camera and brand counters follow.
      await api.must('PATCH', `/v1/reviews/${ids.nocturna}`, { cameraId: sony }, token);
      await until(`/v1/cameras/${fuji}/reviews`, (b) => b.meta.total === 1);
      expect(await totals()).toEqual([4, 1, 1, 4]);

      await api.must('POST', `/v1/reviews/${ids.camaras}/unpublish`, undefined, token);
      await until('/v1/content', (b) => b.meta.total === 3);
      expect(await totals()).toEqual([3, 0, 0, 3]);

      await api.must('POST', `/v1/reviews/${ids.camaras}/publish`, undefined, token);
      await until('/v1/content', (b) => b.meta.total === 4);
      expect(await totals()).toEqual([4, 1, 1, 4]);

      // The camera's brand renamed: its reviews leave the old brand's counter for the new one.
      await api.must(
        'PUT',
        `/v1/cameras/${fuji}`,
        { brand: `Other${tag}`, model: 'X100VI', type: 'compact', specs: { megapixels: 40 } },
        token,
      );
      await until(`/v1/content?brand=other${tag}`, (b) => b.meta.total === 1);
      expect(await totals()).toEqual([4, 1, 0, 4]);
      // Its new name is searchable, the old one no longer is.
      await until(`/v1/content?q=other${tag}`, (b) => b.data.length === 1);
      expect((await api.request<List>('GET', `/v1/content?q=${fujiBrand}`)).body.data).toEqual([]);

      await api.must('DELETE', `/v1/reviews/${ids.lens}`, undefined, token, 204);
      await until('/v1/content', (b) => b.meta.total === 3);
      expect(await totals()).toEqual([3, 1, 0, 3]);
      const gone = await api.request<List>('GET', '/v1/content?q=workhorse');
      expect(gone.body.meta.total).toBe(0);
    });

    it('when more reviews match than the count cap, then the total is the cap flagged as an estimate', async () => {
      // In parallel: the projection applies them concurrently, sharing counter and word rows.
      const before = (await api.request<List>('GET', '/v1/content')).body.meta.total;
      await Promise.all(
        Array.from({ length: COUNT_CAP + 1 }, (_, i) =>
          publish(`cap${i}`, sony, { title: `Zanahoria ${i}`, language: 'es' }),
        ),
      );
      await until('/v1/content', (b) => b.meta.total === before + COUNT_CAP + 1);
      const capped = await until('/v1/content?q=zanahoria', (b) => b.meta.totalIsEstimate === true);
      expect(capped.meta.total).toBe(COUNT_CAP);
      // Relevance ranks the newest matches up to the cap.
      expect(capped.data).toHaveLength(COUNT_CAP);
      // Walking the relevance order by cursor gives the same window, each review once.
      const walked: string[] = [];
      let next: string | null = '/v1/content?q=zanahoria&limit=1';
      while (next) {
        const page: { body: List & { links: { next: string | null } } } = await api.request('GET', next);
        walked.push(...page.body.data.map((r) => r.id));
        next = page.body.links.next;
      }
      expect(walked).toEqual(capped.data.map((r) => r.id));
      // Filters without a kept counter are bounded the same way.
      const filtered = await api.request<List>('GET', '/v1/content?minRating=1');
      expect(filtered.body.meta).toMatchObject({ total: COUNT_CAP, totalIsEstimate: true });
      const under = await api.request<List>('GET', '/v1/content?q=nocturna');
      expect(under.body.meta.total).toBe(1);
      expect(under.body.meta.totalIsEstimate).toBeUndefined();
    });

    it('when the newest reviews hold too few matches, then older ones are read too: the same newest matches as reading all', async () => {
      // The vocabulary sizes a window of newest reviews from the words' frequencies: `ciruela` is in
      // every review below, `membrillo` in the 40 newest, so `ciruela -membrillo` is expected in some
      // of them, and the window (the newest 40 or fewer reviews with the few published before) holds
      // none of its 4 matches (the 4 oldest): the search must go on to older reviews.
      const fruit = (i: number, title: string) =>
        publish(`fruit${i}`, sony, {
          title,
          body: 'Una fruta de temporada, probada en casa.',
          language: 'es',
        });
      const before = (await api.request<List>('GET', '/v1/content')).body.meta.total;
      for (let i = 0; i < 4; i++) await fruit(i, `Ciruela de otoño ${i}`);
      await Promise.all(Array.from({ length: 40 }, (_, i) => fruit(4 + i, `Ciruela y membrillo ${i}`)));
      // Every one projected (and so counted in the vocabulary) before searching.
      await until('/v1/content', (b) => b.meta.total === before + 44);
      const onlyOld = await until('/v1/content?q=ciruela%20-membrillo', (b) => b.meta.total > 0);
      expect(onlyOld.meta).toMatchObject({ total: COUNT_CAP, totalIsEstimate: true });
      expect(titles(onlyOld).every((t) => t.startsWith('Ciruela de otoño'))).toBe(true);
      const both = await until('/v1/content?q=ciruela%20membrillo', (b) => b.meta.total > 0);
      expect(both.meta).toMatchObject({ total: COUNT_CAP, totalIsEstimate: true });
      expect(titles(both).every((t) => t.startsWith('Ciruela y membrillo'))).toBe(true);
    });

    it('when a page number reaches too deep, then 400 pointing to the cursor; page links stop at the deepest page', async () => {
      const deep = await api.request<Problem>('GET', `/v1/content?limit=20&page=${MAX_PAGE_DEPTH / 20 + 1}`);
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0]).toMatchObject({
        field: 'page',
        message: expect.stringContaining('cursor'),
      });
      const deepest = await api.request<List>('GET', `/v1/content?limit=20&page=${MAX_PAGE_DEPTH / 20}`);
      expect(deepest.status).toBe(200);
      const cameras = await api.request<Problem>(
        'GET',
        `/v1/cameras?limit=100&page=${MAX_PAGE_DEPTH / 100 + 1}`,
      );
      expect(cameras.status).toBe(400);
    });
  });
}
