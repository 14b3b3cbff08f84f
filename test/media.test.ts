import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { KeyRing, LinkSigner, newKeyRingSpec } from '@rcr/platform';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

// Review images through a running embedded gateway: multipart uploads streamed to the media service,
// hostile files refused with nothing stored, renditions made by the queue worker, signed links.

interface Image {
  id: string;
  reviewId: string;
  status: 'pending' | 'ready' | 'failed';
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  url: string | null;
  display: { url: string; width: number; height: number } | null;
  thumbnail: { url: string; width: number; height: number } | null;
}
type Answer = { status: number; headers: Headers; body: Record<string, unknown> };

const MAX_BYTES = 256 * 1024;
const MAX_PIXELS = 30_000_000;
const ENCRYPTION_KEY = newKeyRingSpec('k-media');
/** Signs links with the system's own key ring (as a test may: it set RCR_ENCRYPTION_KEY). */
const imageLinks = new LinkSigner(KeyRing.parse(ENCRYPTION_KEY).macKeys('image links'));
const fileLinks = new LinkSigner(KeyRing.parse(ENCRYPTION_KEY).macKeys('file links'));

let system: EmbeddedSystem;
let api: ApiClient;
let bucketDir: string;
let admin: string;
let owner: { id: string; token: string };
let other: { id: string; token: string };
let draftId: string;
let publishedId: string;

const editor = (name: string) => createEditor(api, admin, name);

async function send(path: string, init: RequestInit & { token?: string | undefined }): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(`${system.gateway.url}${path}`, { ...init, headers });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? (JSON.parse(text) as Record<string, unknown>) : { text },
  };
}

/** A multipart upload of `bytes` as the part `file`, declared as `type`. */
function upload(
  reviewId: string,
  bytes: Uint8Array,
  options: {
    type?: string;
    token?: string | undefined;
    name?: string;
    extra?: (form: FormData) => void;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const form = new FormData();
  form.append(
    options.name ?? 'file',
    new Blob([new Uint8Array(bytes)], { type: options.type ?? 'image/jpeg' }),
    'photo.jpg',
  );
  options.extra?.(form);
  return send(`/v1/reviews/${reviewId}/images`, {
    method: 'POST',
    body: form,
    ...(options.headers ? { headers: options.headers } : {}),
    token: 'token' in options ? options.token : owner.token,
  });
}

function expectProblem(answer: Answer, status: number, code?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect(answer.body.code).toBe(code);
}

async function listImages(reviewId: string, token?: string): Promise<Answer & { images: Image[] }> {
  const answer = await send(`/v1/reviews/${reviewId}/images`, { method: 'GET', token });
  return { ...answer, images: (answer.body.data as Image[] | undefined) ?? [] };
}

async function ready(reviewId: string, imageId: string): Promise<Image> {
  let found: Image | undefined;
  await eventually(async () => {
    const { images } = await listImages(reviewId, owner.token);
    found = images.find((image) => image.id === imageId);
    expect(found?.status).toBe('ready');
  }, 30_000);
  return found as Image;
}

/** Keys of the objects stored under a prefix of the local bucket (one file per object, `/` as `%`). */
function stored(prefix: 'originals' | 'images'): string[] {
  return readdirSync(join(bucketDir, 'objects'))
    .map((name) => name.replaceAll('%', '/'))
    .filter((key) => key.startsWith(`${prefix}/`));
}

/** A PNG whose header is patched to announce `width` × `height` (the pixel data stays 8 × 8). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  // Signature (8), IHDR length (4), type (4), then width and height; the CRC covers type and data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

let jpeg: Buffer;
let png: Buffer;
let webp: Buffer;

beforeAll(async () => {
  bucketDir = mkdtempSync(join(tmpdir(), 'rcr-media-'));
  system = await startTestSystem({
    RCR_ENCRYPTION_KEY: ENCRYPTION_KEY,
    BUCKET_URL: `file://${bucketDir}`,
    RCR_MEDIA_MAX_BYTES: String(MAX_BYTES),
    RCR_MEDIA_MAX_PIXELS: String(MAX_PIXELS),
    RCR_MEDIA_REVIEW_WAIT: '1s',
  });
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  owner = await editor('owner');
  other = await editor('other');
  const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), owner.token, 201)).id;
  draftId = (await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), owner.token, 201))
    .id;
  publishedId = (
    await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), owner.token, 201)
  ).id;
  await api.must('POST', `/v1/reviews/${publishedId}/publish`, undefined, owner.token);
  const scene = sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#c04020' } });
  jpeg = await scene.clone().jpeg({ quality: 80 }).toBuffer();
  png = await sharp({ create: { width: 640, height: 480, channels: 4, background: '#2040c0' } })
    .png()
    .toBuffer();
  webp = await scene.clone().resize(300, 200).webp().toBuffer();
}, 120_000);

afterAll(async () => {
  await system?.stop();
  if (bucketDir) rmSync(bucketDir, { recursive: true, force: true });
});

describe('image uploads', () => {
  it('takes a JPEG, a PNG and a WebP, records their dimensions, and makes their renditions', async () => {
    const answers = [
      await upload(draftId, jpeg, { type: 'image/jpeg' }),
      await upload(draftId, png, { type: 'image/png' }),
      await upload(draftId, webp, { type: 'application/octet-stream' }),
    ];
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const images = answers.map((answer) => answer.body.data as Image);
    expect(images.map((image) => [image.contentType, image.width, image.height, image.status])).toEqual([
      ['image/jpeg', 2400, 1600, 'pending'],
      ['image/png', 640, 480, 'pending'],
      ['image/webp', 300, 200, 'pending'],
    ]);
    expect(answers[0]?.headers.get('location')).toBe(`/v1/reviews/${draftId}/images/${images[0]?.id}`);

    const done = await ready(draftId, images[0]?.id as string);
    expect(done.display).toMatchObject({ width: 1600, height: 1067 });
    expect(done.thumbnail).toMatchObject({ width: 320, height: 213 });
    expect(done.url).toBe(done.display?.url);
    const file = await fetch(`${system.gateway.url}${done.thumbnail?.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/webp');
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 213 });
    await ready(draftId, images[1]?.id as string);
    await ready(draftId, images[2]?.id as string);
    // Random storage names: nothing of the client's file name, nothing of the image id.
    expect(stored('originals').length).toBe(3);
    expect(stored('images').length).toBe(6);
    for (const key of [...stored('originals'), ...stored('images')]) {
      expect(key).toMatch(/^(originals\/[\w-]{24}|images\/[\w-]{24}\/(display|thumbnail)\.webp)$/);
      for (const image of images) expect(key).not.toContain(image.id);
    }
  }, 60_000);

  it('refuses every hostile upload with a problem, and stores nothing for any of them', async () => {
    const originalsBefore = stored('originals').length;
    const listedBefore = (await listImages(draftId, owner.token)).images.length;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = Buffer.from(
      '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>',
    );
    const noise = await sharp(
      Buffer.from(Array.from({ length: 400 * 400 * 3 }, () => Math.floor(Math.random() * 256))),
      {
        raw: { width: 400, height: 400, channels: 3 },
      },
    )
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_BYTES);

    expectProblem(await upload(draftId, svg, { type: 'image/svg+xml' }), 415, 'IMAGE_TYPE_UNSUPPORTED');
    expectProblem(await upload(draftId, html, { type: 'image/jpeg' }), 415, 'IMAGE_TYPE_UNSUPPORTED');
    expectProblem(
      await upload(draftId, Buffer.alloc(0), { type: 'image/png' }),
      415,
      'IMAGE_TYPE_UNSUPPORTED',
    );
    // A real JPEG declared as something else: neither believed nor ignored.
    expectProblem(await upload(draftId, jpeg, { type: 'text/html' }), 415, 'IMAGE_TYPE_MISMATCH');
    // Truncated: the end of the file is missing.
    expectProblem(await upload(draftId, jpeg.subarray(0, jpeg.length - 100)), 415, 'IMAGE_CORRUPT');
    // Whole-looking (signature, IEND at the end) with a header that does not parse: said in our words,
    // not the decoder's.
    const brokenHeader = await upload(
      draftId,
      Buffer.concat([png.subarray(0, 8), Buffer.alloc(64, 0x41), png.subarray(png.length - 12)]),
      { type: 'image/png' },
    );
    expectProblem(brokenHeader, 415, 'IMAGE_CORRUPT');
    expect(brokenHeader.body.detail).toBe('not a valid image: its header does not parse');
    // Polyglot: a valid PNG with an HTML page after its end.
    expectProblem(
      await upload(draftId, Buffer.concat([png, html]), { type: 'image/png' }),
      415,
      'IMAGE_CORRUPT',
    );
    // Too large: refused while streaming.
    expectProblem(await upload(draftId, noise, { type: 'image/png' }), 413, 'IMAGE_TOO_LARGE');
    // A decompression bomb: a tiny file whose header announces 50 000 × 50 000 pixels.
    expectProblem(
      await upload(draftId, await pngClaiming(50_000, 50_000), { type: 'image/png' }),
      413,
      'IMAGE_DIMENSIONS_TOO_LARGE',
    );
    // Many parts: a second file.
    const twoFiles = await upload(draftId, png, {
      type: 'image/png',
      extra: (form) =>
        form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'second.png'),
    });
    expectProblem(twoFiles, 400, 'TOO_MANY_FILES');
    // Many fields.
    const fields = await upload(draftId, png, {
      type: 'image/png',
      extra: (form) => {
        for (let i = 0; i < 20; i++) form.append(`field${i}`, 'x');
      },
    });
    expectProblem(fields, 413, 'TOO_MANY_PARTS');
    // The wrong part name, no multipart at all, a raw image body.
    expectProblem(await upload(draftId, png, { type: 'image/png', name: 'image' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await send(`/v1/reviews/${draftId}/images`, {
        method: 'POST',
        token: owner.token,
        headers: { 'content-type': 'application/json' },
        body: '{"file":"x"}',
      }),
      415,
      'MULTIPART_REQUIRED',
    );
    expectProblem(
      await send(`/v1/reviews/${draftId}/images`, {
        method: 'POST',
        token: owner.token,
        headers: { 'content-type': 'image/png' },
        body: new Uint8Array(png),
      }),
      415,
      'MULTIPART_REQUIRED',
    );
    // Multipart that is not what it claims: no boundary, a body that never reaches its closing boundary,
    // broken part headers. The client's malformed body, 400, never a 500.
    for (const [type, body] of [
      ['multipart/form-data', 'null'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
      ],
      ['multipart/form-data; boundary=x', '--x\r\nno header here\r\n\r\n--x--\r\n'],
    ] as const) {
      const answer = await send(`/v1/reviews/${draftId}/images`, {
        method: 'POST',
        token: owner.token,
        headers: { 'content-type': type },
        body,
      });
      expect(answer.status, `${type} ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${type} ${JSON.stringify(answer.body)}`).toBeLessThan(500);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    // Who may upload: nobody anonymous, not another editor, not to an unknown review. Another editor's
    // draft does not exist for them (404, as reading it says); a published review does (403).
    expectProblem(await upload(draftId, png, { type: 'image/png', token: undefined }), 401);
    expectProblem(
      await upload(draftId, png, { type: 'image/png', token: other.token }),
      404,
      'REVIEW_NOT_FOUND',
    );
    expectProblem(
      await upload(publishedId, png, { type: 'image/png', token: other.token }),
      403,
      'NOT_REVIEW_OWNER',
    );
    expectProblem(
      await upload('01a22e08-0000-7000-8000-000000000000', png, { type: 'image/png' }),
      404,
      'REVIEW_NOT_FOUND',
    );

    // The gateway stays healthy and nothing was stored or listed for any refusal.
    expect((await upload(draftId, png, { type: 'image/png', token: admin })).status).toBe(201);
    expect(stored('originals').length).toBe(originalsBefore + 1);
    expect((await listImages(draftId, owner.token)).images.length).toBe(listedBefore + 1);
  }, 60_000);
});

describe('image links', () => {
  let image: Image;
  let key: string;

  beforeAll(async () => {
    const answer = await upload(publishedId, jpeg);
    expect(answer.status).toBe(201);
    image = await ready(publishedId, (answer.body.data as Image).id);
    key = new URL(image.thumbnail?.url as string, 'http://x').pathname.slice('/v1/files/'.length);
  }, 60_000);

  it('serves a published image to anyone by its signed link, and refuses forged and expired ones', async () => {
    // Anyone sees a published review's ready images (a draft's: not found).
    const listed = await listImages(publishedId);
    expect(listed.status).toBe(200);
    expect(listed.images.map((i) => i.id)).toContain(image.id);
    expectProblem(await listImages(draftId), 404, 'REVIEW_NOT_FOUND');
    expectProblem(await listImages(draftId, other.token), 404, 'REVIEW_NOT_FOUND');

    const url = new URL(image.thumbnail?.url as string, 'http://x');
    const head = await fetch(`${system.gateway.url}${url.pathname}${url.search}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toContain('immutable');

    const forged = new URLSearchParams(url.search);
    forged.set('signature', `${(forged.get('signature') as string).slice(0, -4)}AAAA`);
    expectProblem(await send(`${url.pathname}?${forged}`, { method: 'GET' }), 403, 'LINK_INVALID');
    const later = new URLSearchParams(url.search);
    later.set('expires', String(Number(later.get('expires')) + 3600));
    expectProblem(await send(`${url.pathname}?${later}`, { method: 'GET' }), 403, 'LINK_INVALID');
    // A link the jobs service's key signed is no image link.
    const byJobs = fileLinks.sign(key, 60);
    const jobsQuery = `expires=${byJobs.expires}&signature=${encodeURIComponent(byJobs.signature)}`;
    expectProblem(await send(`/v1/files/${key}?${jobsQuery}`, { method: 'GET' }), 403, 'LINK_INVALID');
    // Genuine but expired.
    const expired = imageLinks.sign(key, 60, Date.now() - 3_600_000);
    const expiredQuery = `expires=${expired.expires}&signature=${encodeURIComponent(expired.signature)}`;
    expectProblem(await send(`/v1/files/${key}?${expiredQuery}`, { method: 'GET' }), 403, 'LINK_EXPIRED');
  });

  it('never serves an original, even with a genuinely signed link', async () => {
    const originals = stored('originals');
    expect(originals.length).toBeGreaterThan(0);
    for (const originalKey of originals.slice(0, 2)) {
      for (const signer of [imageLinks, fileLinks]) {
        const link = signer.sign(originalKey, 60);
        const query = `expires=${link.expires}&signature=${encodeURIComponent(link.signature)}`;
        const answer = await send(`/v1/files/${originalKey}?${query}`, { method: 'GET' });
        expect([403, 404]).toContain(answer.status);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
      // Nor through the images/ prefix, whatever the path says.
      const sneaky = `images/..%2F${originalKey.slice('originals/'.length)}`;
      const link = imageLinks.sign(sneaky, 60);
      const query = `expires=${link.expires}&signature=${encodeURIComponent(link.signature)}`;
      const answer = await send(`/v1/files/${sneaky}?${query}`, { method: 'GET' });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
  });

  it('deletes an image with its files (audited with the uploads), and only for its owner or an admin', async () => {
    expectProblem(
      await send(`/v1/reviews/${publishedId}/images/${image.id}`, { method: 'DELETE', token: other.token }),
      403,
      'NOT_REVIEW_OWNER',
    );
    const deleted = await send(`/v1/reviews/${publishedId}/images/${image.id}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect(deleted.status).toBe(204);
    expectProblem(
      await send(`/v1/reviews/${publishedId}/images/${image.id}`, { method: 'DELETE', token: owner.token }),
      404,
      'IMAGE_NOT_FOUND',
    );
    expectProblem(await send(image.thumbnail?.url as string, { method: 'GET' }), 404, 'FILE_NOT_FOUND');
    expect((await listImages(publishedId, owner.token)).images.map((i) => i.id)).not.toContain(image.id);

    await eventually(async () => {
      const audit = await api.request<{
        data: { action: string; actor: { id: string }; subject: { kind: string; id: string } }[];
      }>('GET', `/v1/audit-events?subject=${image.id}`, { token: admin });
      expect(audit.status).toBe(200);
      expect(audit.body.data.map((entry) => [entry.action, entry.actor.id, entry.subject.kind])).toEqual([
        ['image.uploaded', owner.id, 'image'],
        ['image.deleted', owner.id, 'image'],
      ]);
    }, 15_000);
  }, 30_000);
});

// Last: its uploads must not count in the bucket totals the tests above check.
describe('Idempotency-Key on uploads', () => {
  it('when an upload is retried under its Idempotency-Key, then the same file replays the first image (one stored); another file is 422; a refused upload is not kept', async () => {
    const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), owner.token, 201))
      .id;
    const reviewId = (
      await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(cameraId), owner.token, 201)
    ).id;
    const imagesNow = async () => (await listImages(reviewId, owner.token)).images.map((i) => i.id);
    const key = { 'idempotency-key': `upload-${Date.now()}` };
    const first = await upload(reviewId, png, { type: 'image/png', headers: key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = (first.body.data as Image).id;
    // The same file again: a new multipart body (FormData picks another boundary), the same upload.
    const again = await upload(reviewId, png, { type: 'image/png', headers: key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((again.body.data as Image).id).toBe(id);
    for (const [bytes, type] of [
      [webp, 'image/webp'],
      [await pngClaiming(40_000, 40_000), 'image/png'],
    ] as const) {
      expectProblem(await upload(reviewId, bytes, { type, headers: key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    }
    expect(await imagesNow()).toEqual([id]);

    // A refusal is not the key's answer: the same key with a good file then uploads it.
    const other = { 'idempotency-key': `upload-refused-${Date.now()}` };
    expectProblem(await upload(reviewId, Buffer.from('<svg/>'), { type: 'image/png', headers: other }), 415);
    const retried = await upload(reviewId, jpeg, { headers: other });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});
