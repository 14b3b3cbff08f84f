import { existsSync } from 'node:fs';
import { LocalObjectStore } from '@rcr/platform';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

// Review images beyond the media service (ADR 0032), through a running embedded gateway on a memory://
// system: zip exports bundling the display renditions media wrote (one bucket for all services), and the
// images in the public review JSON (REST and GraphQL) behind stable paths redirected to signed links.

interface Image {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  display: { url: string; width: number; height: number } | null;
}
interface Job {
  id: string;
  status: string;
  format: string;
  error?: string;
  result?: { url: string; rows: number; contentType: string };
}
interface PublicImage {
  id: string;
  width: number;
  height: number;
  url: string;
  thumbnail: { url: string; width: number; height: number };
}
interface ZippedReview {
  id: string;
  slug: string;
  title: string;
  images: { id: string; file: string; width: number; height: number }[];
}

let system: EmbeddedSystem;
let api: ApiClient;
let owner: { id: string; token: string };
let withImages: string;
let lostImage: string;
let plain: string;
let images: Image[];
let lost: Image;

async function publish(cameraId: string, title: string): Promise<string> {
  const body = reviewBody(cameraId, { title });
  const { id } = await api.must<{ id: string }>('POST', '/v1/reviews', body, owner.token, 201);
  await api.must('POST', `/v1/reviews/${id}/publish`, undefined, owner.token);
  return id;
}

async function uploadReady(reviewId: string, bytes: Buffer): Promise<Image> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png');
  const response = await fetch(`${system.gateway.url}/v1/reviews/${reviewId}/images`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${owner.token}` },
  });
  expect(response.status).toBe(201);
  const { id } = ((await response.json()) as { data: Image }).data;
  let found: Image | undefined;
  await eventually(async () => {
    const list = await api.must<Image[]>('GET', `/v1/reviews/${reviewId}/images`, undefined, owner.token);
    found = list.find((image) => image.id === id);
    expect(found?.status).toBe('ready');
  }, 30_000);
  return found as Image;
}

async function fetchBytes(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`${system.gateway.url}${url}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Every file of a zip, by name (yauzl checks the central directory and each entry's CRC). */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      file.on('error', reject);
      file.on('end', () => resolve(files));
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (openErr, stream) => {
          if (openErr) return reject(openErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** Runs a zip export of the owner's reviews to the end and unzips its file, fetched by the signed link. */
async function zipExport(): Promise<{ job: Job; files: Map<string, Buffer> }> {
  const { id } = await api.must<Job>(
    'POST',
    '/v1/exports',
    { format: 'zip', filter: { authorId: owner.id } },
    owner.token,
    202,
  );
  let job: Job | undefined;
  await eventually(async () => {
    job = await api.must<Job>('GET', `/v1/jobs/${id}`, undefined, owner.token);
    expect(['succeeded', 'failed']).toContain(job.status);
  }, 30_000);
  expect(job?.status, job?.error).toBe('succeeded');
  const file = await fetchBytes(job?.result?.url as string);
  expect(file.status).toBe(200);
  expect(file.type).toBe('application/zip');
  return { job: job as Job, files: await unzip(file.bytes) };
}

const reviewIn = (files: Map<string, Buffer>, id: string): ZippedReview | undefined =>
  [...files.entries()]
    .filter(([name]) => name.startsWith('reviews/'))
    .map(([, bytes]) => JSON.parse(bytes.toString('utf8')) as ZippedReview)
    .find((review) => review.id === id);

beforeAll(async () => {
  system = await startTestSystem();
  api = new ApiClient(system.gateway.url);
  const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  owner = await createEditor(api, admin, 'photographer');
  const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), owner.token, 201)).id;
  withImages = await publish(cameraId, 'Two pictures');
  lostImage = await publish(cameraId, 'A picture lost on the way');
  plain = await publish(cameraId, 'No pictures at all');
  const picture = (background: string) =>
    sharp({ create: { width: 900, height: 600, channels: 3, background } })
      .png()
      .toBuffer();
  images = [
    await uploadReady(withImages, await picture('#c04020')),
    await uploadReady(withImages, await picture('#2040c0')),
  ];
  lost = await uploadReady(lostImage, await picture('#20c040'));
}, 120_000);

afterAll(async () => {
  const dir = system?.bucketDir;
  await system?.stop();
  // A memory:// system's one bucket directory goes with it.
  if (dir) expect(existsSync(dir)).toBe(false);
});

describe('zip exports', () => {
  it('bundle each review as JSON, a CSV index, and the display rendition of each ready image', async () => {
    // media and jobs share one temporary bucket in a memory:// system.
    expect(system.bucketDir).toBeDefined();
    let result: { job: Job; files: Map<string, Buffer> } | undefined;
    // The jobs projection learns of images from image.ready: export until it has both of the first review's.
    await eventually(async () => {
      result = await zipExport();
      expect(reviewIn(result.files, withImages)?.images).toHaveLength(2);
      expect(reviewIn(result.files, lostImage)?.images).toHaveLength(1);
    }, 20_000);
    const { job, files } = result as { job: Job; files: Map<string, Buffer> };
    expect(job.format).toBe('zip');
    expect(job.result).toMatchObject({ rows: 3, contentType: 'application/zip' });

    const index = (files.get('index.csv') as Buffer).toString('utf8').trim().split('\r\n');
    expect(index[0]).toContain('"file","images"');
    expect(index).toHaveLength(4);
    const first = reviewIn(files, withImages) as ZippedReview;
    expect(first.title).toBe('Two pictures');
    expect(reviewIn(files, plain)?.images).toEqual([]);
    expect(first.images.map((image) => image.id)).toEqual(images.map((image) => image.id));
    for (const [n, image] of first.images.entries()) {
      // The zipped bytes are the display rendition's, as the signed link serves them.
      const served = await fetchBytes(images[n]?.display?.url as string);
      expect(files.get(image.file)?.equals(served.bytes)).toBe(true);
      expect(image).toMatchObject({ width: 900, height: 600 });
      expect(index.some((row) => row.includes(image.file))).toBe(true);
    }
  }, 60_000);

  it('leave out an image deleted between the listing and the zipping, and still succeed', async () => {
    // The jobs projection still lists the image (its image.deleted is not sent), but its rendition is gone.
    const bucket = await LocalObjectStore.open(system.bucketDir as string);
    const key = new URL(lost.display?.url as string, 'http://x').pathname.replace('/v1/files/', '');
    expect(await bucket.head(key)).toBeDefined();
    await bucket.delete(key);
    await bucket.close();

    const { job, files } = await zipExport();
    expect(job.result?.rows).toBe(3);
    expect(reviewIn(files, lostImage)?.images).toEqual([]);
    expect([...files.keys()].filter((name) => name.includes(lostImage))).toEqual([]);
    expect(reviewIn(files, withImages)?.images).toHaveLength(2);
  }, 60_000);
});

describe('images in the public read model', () => {
  const slugOf = async (id: string) =>
    (await api.must<{ slug: string }>('GET', `/v1/reviews/${id}`, undefined, owner.token)).slug;
  const publicImages = async (slug: string) => {
    const res = await api.request<{ data: { images: PublicImage[] } }>('GET', `/v1/content/${slug}`);
    expect(res.status).toBe(200);
    return { images: res.body.data.images, cache: res.headers.get('x-cache') };
  };

  it('list ready images with stable paths that redirect to signed links of the renditions', async () => {
    const slug = await slugOf(withImages);
    let shown: PublicImage[] = [];
    await eventually(async () => {
      shown = (await publicImages(slug)).images;
      expect(shown.map((image) => image.id)).toEqual(images.map((image) => image.id));
    }, 10_000);
    const [first] = shown as [PublicImage];
    expect(first).toMatchObject({ width: 900, height: 600, thumbnail: { width: 320, height: 213 } });
    expect(first.url).toBe(`/v1/reviews/${withImages}/images/${first.id}/display`);
    // Stable path → 302 to a signed link (cacheable until shortly before it expires) → the rendition.
    for (const [path, rendition] of [
      [first.url, images[0]?.display?.url],
      [first.thumbnail.url, undefined],
    ] as const) {
      const redirect = await fetch(`${system.gateway.url}${path}`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get('location') as string;
      expect(location).toMatch(/^\/v1\/files\/images\/.+\?expires=\d+&signature=/);
      expect(redirect.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      const file = await fetchBytes(location);
      expect(file.status).toBe(200);
      expect(file.type).toBe('image/webp');
      if (rendition) expect(file.bytes.equals((await fetchBytes(rendition)).bytes)).toBe(true);
    }
    // Unknown image or rendition name: clear 4xx.
    const missing = await fetch(
      `${system.gateway.url}/v1/reviews/${withImages}/images/${lost.id.replace(/^./, '0')}/display`,
      { redirect: 'manual' },
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const badName = await fetch(`${system.gateway.url}${first.url.replace('/display', '/original')}`);
    expect(badName.status).toBe(400);

    const graphql = await fetch(`${system.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($slug: String) { review(slug: $slug) { images { id width url thumbnail { url } } } }',
        variables: { slug },
      }),
    });
    const { data } = (await graphql.json()) as { data: { review: { images: PublicImage[] } } };
    expect(data.review.images.map((image) => image.url)).toEqual(shown.map((image) => image.url));
  }, 30_000);

  it('drop a deleted image from the public JSON, the cached answer included', async () => {
    const slug = await slugOf(withImages);
    // Cached: the second read is a hit.
    await eventually(async () => expect((await publicImages(slug)).cache).toBe('HIT'), 5000);
    const gone = images[1] as Image;
    const res = await api.request('DELETE', `/v1/reviews/${withImages}/images/${gone.id}`, {
      token: owner.token,
    });
    expect(res.status).toBe(204);
    await eventually(async () => {
      expect((await publicImages(slug)).images.map((image) => image.id)).toEqual([images[0]?.id]);
    }, 10_000);
    const redirect = await fetch(`${system.gateway.url}/v1/reviews/${withImages}/images/${gone.id}/display`, {
      redirect: 'manual',
    });
    expect(redirect.status).toBe(404);
    // A review without images lists none.
    expect((await publicImages(await slugOf(plain))).images).toEqual([]);
  }, 30_000);
});
