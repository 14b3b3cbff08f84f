import type { RcrEvent } from '@rcr/contracts';
import { newEvent, newId } from '@rcr/platform';

/** Sizes of the catalogue the review events refer to. */
export interface CatalogueSize {
  cameras: number;
  editors: number;
}

/**
 * Valid events as the write side emits them: the editors and cameras first (`setup`), then as many
 * `review.published` events as asked, each for a new review (its own aggregate) of one of the cameras by
 * one of the editors, round robin.
 */
export class EventFactory {
  readonly setup: RcrEvent[];
  readonly #cameraIds: string[];
  readonly #editorIds: string[];
  readonly #run = newId().slice(-8);
  #reviews = 0;

  constructor(size: CatalogueSize) {
    this.#editorIds = Array.from({ length: size.editors }, () => newId());
    this.#cameraIds = Array.from({ length: size.cameras }, (_, i) => `bench-${this.#run}-camera-${i}`);
    this.setup = [
      ...this.#editorIds.map((editorId, i) =>
        newEvent('identity', 'editor.registered', editorId, {
          editorId,
          name: `Bench Editor ${i}`,
          role: 'editor',
          active: true,
          email: `bench-${this.#run}-${i}@bench.rcr`,
        }),
      ),
      ...this.#cameraIds.map((cameraId, i) =>
        newEvent('reviews', 'camera.created', cameraId, {
          cameraId,
          brand: `Brand ${i % 7}`,
          model: `Model ${i}`,
          type: 'mirrorless',
          specs: { sensorSize: 'full-frame', megapixels: 24 + (i % 40), isoMin: 100, isoMax: 51_200 },
          version: 1,
        }),
      ),
    ];
  }

  /** The next review, published now. */
  review(): RcrEvent<'review.published'> {
    const n = this.#reviews++;
    const reviewId = newId();
    const now = new Date().toISOString();
    return newEvent('reviews', 'review.published', reviewId, {
      reviewId,
      slug: `bench-${this.#run}-review-${n}`,
      cameraId: this.#cameraIds[n % this.#cameraIds.length] as string,
      authorId: this.#editorIds[n % this.#editorIds.length] as string,
      title: `Benchmark review ${n}`,
      body: `A review written by the benchmark, number ${n}. The sensor is sharp and the grip is comfortable.`,
      rating: (n % 100) / 10,
      pros: ['sharp sensor', 'good grip'],
      cons: ['battery life'],
      verdict: 'Worth a look.',
      language: 'en',
      status: 'published',
      publishedAt: now,
      updatedAt: now,
      version: 2,
    });
  }

  /** The next `count` reviews. */
  reviews(count: number): RcrEvent<'review.published'>[] {
    return Array.from({ length: count }, () => this.review());
  }
}
