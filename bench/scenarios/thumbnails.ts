import sharp from 'sharp';
import type { EmbeddedSystem } from '../../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from '../../test/support/client.ts';
import { TEST_ADMIN } from '../../test/support/flow.ts';
import { startTestSystem } from '../../test/support/system.ts';
import { nowMs } from '../support/publisher.ts';
import { intOption, UsageError, type Scenario } from '../support/scenario.ts';
import { round } from '../support/stats.ts';

export interface ThumbnailFigures {
  images: number;
  /** Of each uploaded original (a JPEG of noise-free gradients: decoding and resizing dominate). */
  width: number;
  height: number;
  originalBytes: number;
  concurrency: number;
  /** First upload sent → last upload answered 201 (renditions are being made meanwhile). */
  uploadSeconds: number;
  /** First upload sent → every image ready (its display rendition and thumbnail stored). */
  seconds: number;
  /** Renditions (two per image) per second over `seconds`. */
  renditionsPerSecond: number;
  imagesPerSecond: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JPEG original of `width` × `height`: a gradient, so it compresses like a photograph rather than a flat fill. */
async function original(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = ((x + y) * 7) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * Thumbnail throughput in embedded mode (one process, in-memory PGlite, the in-process bus, a temporary
 * bucket; no infrastructure needed): `--images` JPEG originals uploaded through the gateway, one after
 * another, to one review, and the time until media's rendition workers (`RCR_MEDIA_CONCURRENCY`) made
 * every display rendition and thumbnail (polling the review's image list every 50 ms).
 */
export const scenario: Scenario = {
  summary: 'renditions per second for N uploaded images (display + thumbnail each; embedded)',
  requires: [],
  options: {
    images: { default: '50', help: 'images uploaded' },
    size: { default: '2400x1600', help: "each original's width x height in pixels" },
    concurrency: { default: '2', help: 'RCR_MEDIA_CONCURRENCY (renditions made at once)' },
  },
  async run(options, context) {
    const count = intOption(options, 'images');
    const concurrency = intOption(options, 'concurrency');
    const [width, height] = (options.size ?? '').split('x').map(Number) as [number, number];
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new UsageError('--size must be <width>x<height>, e.g. 2400x1600');
    const jpeg = await original(width, height);
    let system: EmbeddedSystem | undefined;
    try {
      context.progress('starting an embedded system');
      system = await startTestSystem({
        RCR_MEDIA_CONCURRENCY: String(concurrency),
        RCR_MEDIA_MAX_BYTES: String(Math.max(10 * 1024 * 1024, jpeg.length * 2)),
      });
      const api = new ApiClient(system.gateway.url);
      const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
      const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201);
      const review = await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera.id), admin, 201);
      context.progress(`uploading ${count} images of ${width}x${height} (${jpeg.length} bytes each)`);
      const started = nowMs();
      for (let n = 0; n < count; n += 1) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `photo-${n}.jpg`);
        const response = await fetch(`${system.gateway.url}/v1/reviews/${review.id}/images`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${admin}` },
        });
        if (response.status !== 201)
          throw new Error(`upload ${n} → ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
      const uploaded = nowMs();
      for (;;) {
        const list = await api.must<{ status: string }[]>(
          'GET',
          `/v1/reviews/${review.id}/images`,
          undefined,
          admin,
        );
        const failed = list.filter((image) => image.status === 'failed').length;
        if (failed > 0) throw new Error(`${failed} images failed to make their renditions`);
        if (list.filter((image) => image.status === 'ready').length === count) break;
        if (nowMs() - started > 30 * 60_000) throw new Error('the renditions did not finish in 30 minutes');
        await sleep(50);
      }
      const seconds = (nowMs() - started) / 1000;
      context.progress(`${count} images ready in ${seconds.toFixed(1)} s`);
      const figures: ThumbnailFigures = {
        images: count,
        width,
        height,
        originalBytes: jpeg.length,
        concurrency,
        uploadSeconds: round((uploaded - started) / 1000, 2),
        seconds: round(seconds, 2),
        renditionsPerSecond: round((2 * count) / seconds, 1),
        imagesPerSecond: round(count / seconds, 1),
      };
      return {
        tables: [
          {
            title: 'Renditions (display + thumbnail) of uploaded images',
            columns: [
              'images',
              'size',
              'concurrency',
              'uploads s',
              'all ready s',
              'renditions/s',
              'images/s',
            ],
            rows: [
              [
                count,
                `${width}x${height}`,
                concurrency,
                figures.uploadSeconds,
                figures.seconds,
                figures.renditionsPerSecond,
                figures.imagesPerSecond,
              ],
            ],
          },
        ],
        figures,
      };
    } finally {
      await system?.stop();
    }
  },
};
