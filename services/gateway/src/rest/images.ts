import { createHash } from 'node:crypto';
import multipart, { type Multipart } from '@fastify/multipart';
import type { MediaV1 } from '@rcr/contracts';
import { AppError, errors } from '@rcr/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestApp } from './app-types.ts';
import { actorOf, anonymous, authenticated, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import {
  answerStreamedRetry,
  FINGERPRINTS_STREAMED_BODY,
  recordStreamedBody,
  streamedRetryOf,
} from './idempotency.ts';
import { envelopeOf, problems, UuidParams } from './schemas.ts';

/** Longest an upload may take from the client through to the media service. */
const TRANSFER_TIMEOUT_MS = 2 * 60_000;
/** What one upload may hold besides the file's size: one file, a few small fields, few headers. */
const PART_LIMITS = { files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 20 } as const;

/** Room for the multipart framing (boundaries, part headers) around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

const RenditionLink = z.object({
  url: z
    .string()
    .describe('signed link (GET, no token needed), valid for a while; ask the list again for a fresh one'),
  width: z.number().int(),
  height: z.number().int(),
});

/** A review image as its editors and readers see it. */
const ImageSchema = z
  .object({
    id: z.uuid(),
    reviewId: z.string(),
    status: z
      .enum(['pending', 'ready', 'failed'])
      .describe('pending: its renditions are being made; ready: links below; failed: see error'),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']).describe('of the original, by its bytes'),
    width: z.number().int().describe('of the original, in pixels'),
    height: z.number().int(),
    bytes: z.number().int().describe('size of the original'),
    url: z
      .string()
      .nullable()
      .describe('signed link to the display rendition (WebP, ≤ 1600 px); null until ready'),
    display: RenditionLink.nullable(),
    thumbnail: RenditionLink.nullable().describe('WebP, ≤ 320 px; null until ready'),
    createdAt: z.string(),
    error: z.string().optional().describe('why its renditions could not be made (failed)'),
  })
  .meta({
    id: 'Image',
    example: {
      id: '01a22e08-a4b3-7459-8e91-22d2746a7af3',
      reviewId: '01a22e08-a89b-7432-b429-504ab122964e',
      status: 'ready',
      contentType: 'image/jpeg',
      width: 6000,
      height: 4000,
      bytes: 8123456,
      url: '/v1/files/images/4fQm1x9Qe0Yb2cZr3pLk7wAa/display.webp?expires=1795000000&signature=k1.abc',
      display: {
        url: '/v1/files/images/4fQm1x9Qe0Yb2cZr3pLk7wAa/display.webp?expires=1795000000&signature=k1.abc',
        width: 1600,
        height: 1067,
      },
      thumbnail: {
        url: '/v1/files/images/4fQm1x9Qe0Yb2cZr3pLk7wAa/thumbnail.webp?expires=1795000000&signature=k1.def',
        width: 320,
        height: 213,
      },
      createdAt: '2026-11-30T09:12:44.120Z',
    },
  });
type Image = z.output<typeof ImageSchema>;

function linkOf(rendition: MediaV1.Rendition__Output | null | undefined) {
  return rendition ? { url: rendition.url, width: rendition.width, height: rendition.height } : null;
}

/** The image message as the REST resource. */
function presentImage(image: MediaV1.Image__Output): Image {
  return {
    id: image.id,
    reviewId: image.reviewId,
    status: image.status as Image['status'],
    contentType: image.contentType as Image['contentType'],
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    url: image.display?.url ?? null,
    display: linkOf(image.display),
    thumbnail: linkOf(image.thumbnail),
    createdAt: image.createdAt,
    ...(image.error ? { error: image.error } : {}),
  };
}

/**
 * The upload's messages to the media service, read from the multipart body as it arrives: the
 * metadata, then the one file part's bytes. The part must be named `file`; a second file, too many
 * parts or fields, or a file past `maxBytes` end the upload with an error (the call is cancelled, so
 * nothing is stored). Once the body is read to its end, `onDigest` gets the digest of the upload (the
 * file's name, declared type and bytes: what a retry must repeat, whatever multipart boundary it uses).
 */
async function* uploadMessages(
  reviewId: string,
  parts: AsyncIterable<Multipart>,
  maxBytes: number,
  onDigest: (digest: string) => void,
): AsyncGenerator<MediaV1.UploadChunk> {
  try {
    yield* partsToMessages(reviewId, parts, maxBytes, onDigest);
  } catch (err) {
    throw asUploadError(err);
  }
}

/**
 * What a failed upload answers: our own refusals and the multipart plugin's limits (4xx with their codes)
 * as they are; anything else the parser threw (a body that is not the multipart it claims to be: no
 * closing boundary, broken part headers) is the client's malformed body, 400, never a 500.
 */
function asUploadError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  // The plugin's limits in our words (its own codes would reach the client as `fst-files-limit`).
  const code = (err as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') return tooManyFiles();
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return errors.tooLarge(
      'TOO_MANY_PARTS',
      `an upload holds one part named "file" and at most ${PART_LIMITS.fields} other fields`,
    );
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return err;
  return errors.invalid('MALFORMED_MULTIPART', 'the multipart/form-data body could not be read');
}

async function* partsToMessages(
  reviewId: string,
  parts: AsyncIterable<Multipart>,
  maxBytes: number,
  onDigest: (digest: string) => void,
): AsyncGenerator<MediaV1.UploadChunk> {
  let sent = false;
  const digest = createHash('sha256');
  for await (const part of parts) {
    if (part.type !== 'file') continue;
    if (sent) throw tooManyFiles();
    if (part.fieldname !== 'file') {
      throw errors.invalid('VALIDATION_FAILED', 'the request body is invalid', [
        { field: part.fieldname.slice(0, 50), message: 'the image goes in a part named "file"' },
      ]);
    }
    yield { meta: { reviewId, declaredType: part.mimetype, fileName: part.filename } };
    digest.update(JSON.stringify([part.filename, part.mimetype])).update('\n');
    try {
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        digest.update(chunk);
        yield { data: chunk };
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
      throw err;
    }
    if (part.file.truncated) throw tooLarge(maxBytes);
    sent = true;
  }
  if (!sent) {
    throw errors.invalid('VALIDATION_FAILED', 'the request body is invalid', [
      { field: 'file', message: 'required: the image as a multipart part named "file"' },
    ]);
  }
  onDigest(digest.digest('base64url'));
}

function tooManyFiles() {
  return errors.invalid('TOO_MANY_FILES', 'send one image per request');
}

function tooLarge(maxBytes: number) {
  return errors.tooLarge('IMAGE_TOO_LARGE', `the image is larger than the limit of ${maxBytes} bytes`);
}

/**
 * An upload refused before its body was read to the end: the rest is discarded as it arrives and the
 * connection closes after the answer, so the client gets the answer instead of a stalled upload.
 */
function abandonBody(request: FastifyRequest, reply: FastifyReply): void {
  request.raw.unpipe();
  request.raw.resume();
  reply.header('Connection', 'close');
}

const ImageParams = z.object({ id: z.uuid(), imageId: z.uuid() });
const RenditionParams = ImageParams.extend({ rendition: z.enum(['display', 'thumbnail']) });
/** Longest a redirect to a signed link may be cached (and never past the link's last minute). */
const REDIRECT_MAX_AGE_S = 3600;

/** Seconds a redirect to `url` may be cached: until a minute before its `expires`, at most an hour. */
function redirectMaxAge(url: string, nowMs = Date.now()): number {
  const expires = Number(new URL(url, 'http://link').searchParams.get('expires'));
  if (!Number.isFinite(expires)) return 0;
  return Math.max(0, Math.min(REDIRECT_MAX_AGE_S, Math.floor(expires - nowMs / 1000) - 60));
}

/** Review images: uploads (streamed to the media service), the list of a review's images, deletion. */
export async function imageRoutes(app: RestApp, deps: RouteDeps, maxBytes: number): Promise<void> {
  const tags = ['reviews'];
  // In a context of its own: multipart bodies are parsed (streamed) here only.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, { limits: { fileSize: maxBytes, ...PART_LIMITS } });
    // Any other body reaches the route (unread), which answers 415 in its own words.
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.post(
      '/v1/reviews/:id/images',
      {
        // The body is a stream, read by the handler; the schema documents it.
        validatorCompiler: (route) =>
          route.httpPart === 'body'
            ? () => true
            : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
        schema: {
          tags,
          operationId: 'uploadReviewImage',
          summary: 'Upload an image to a review',
          description:
            "The review's author or an admin (another editor: 404 for a draft, 403 for a published review). `multipart/form-data` with one part named `file`: a JPEG, PNG " +
            'or WebP, judged by its bytes (the declared type must agree or be application/octet-stream). ' +
            `At most RCR_MEDIA_MAX_BYTES (default 10 MiB; 413 IMAGE_TOO_LARGE, refused while it streams) and ` +
            'RCR_MEDIA_MAX_PIXELS pixels (default 40 MP; 413 IMAGE_DIMENSIONS_TOO_LARGE, from the header, before ' +
            'decoding). Anything else — SVG, HTML, an empty file, a truncated image, one with other data after ' +
            'its end — is 415 (IMAGE_TYPE_UNSUPPORTED, IMAGE_TYPE_MISMATCH, IMAGE_CORRUPT) and nothing is ' +
            'stored. The original is kept private; a display rendition and a thumbnail (WebP, re-encoded) are ' +
            'made in the background: 201 with `status: pending`, then `ready` in the list with signed links. ' +
            'Honours `Idempotency-Key`: a retry with the same file (name, declared type and bytes, whatever ' +
            'the multipart boundary) replays the first 201; another file under the key is 422 ' +
            '`IDEMPOTENCY_KEY_REUSED`; a refused upload is not kept under the key.',
          security: BEARER,
          ...FINGERPRINTS_STREAMED_BODY,
          consumes: ['multipart/form-data'],
          params: UuidParams,
          body: z
            .object({ file: z.string().meta({ format: 'binary' }).describe('the image (JPEG, PNG or WebP)') })
            .meta({ description: 'multipart/form-data' }),
          response: { 201: envelopeOf(ImageSchema), ...problems(400, 401, 403, 404, 413, 415, 503) },
        },
      },
      async (request, reply) => {
        const meta = await authenticated(request, deps);
        try {
          if (!request.isMultipart()) {
            throw errors.unsupportedMediaType(
              'MULTIPART_REQUIRED',
              'send the image as multipart/form-data with one part named "file"',
            );
          }
          const declared = Number(request.headers['content-length'] ?? 0);
          if (declared > maxBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge(maxBytes);
          let digest = '';
          const messages = uploadMessages(request.params.id, request.parts(), maxBytes, (read) => {
            digest = read;
            recordStreamedBody(request, read);
          });
          // A retry under the Idempotency-Key of a finished upload: the same upload replays its answer.
          const retried = streamedRetryOf(request);
          if (retried) {
            // Read to its end, its checks applied, and sent nowhere: only its digest is compared.
            for await (const _ of messages);
            return answerStreamedRetry(request, reply, retried, digest);
          }
          const image = await deps.upstreams.uploadImage(messages, meta, TRANSFER_TIMEOUT_MS);
          return reply
            .status(201)
            .header('Location', `/v1/reviews/${image.reviewId}/images/${image.id}`)
            .header('Cache-Control', 'private, no-store')
            .send(envelope(request, presentImage(image)));
        } catch (err) {
          abandonBody(request, reply);
          throw err;
        }
      },
    );
  });

  app.get(
    '/v1/reviews/:id/images',
    {
      schema: {
        tags,
        operationId: 'listReviewImages',
        summary: "List a review's images",
        description:
          "The review's author and admins see every image (pending, ready, failed); anyone else the ready " +
          'images of a published review (a draft: 404). Ready images carry signed links to their renditions, ' +
          'valid for RCR_MEDIA_LINK_TTL or a little longer (the same link for a while, so it caches).',
        params: UuidParams,
        response: { 200: envelopeOf(z.array(ImageSchema)), ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const actor = request.headers.authorization ? await authenticated(request, deps) : undefined;
      const meta = actor ?? { ...anonymous(request), actor: await actorOf(request, deps.verifier) };
      const list = await deps.upstreams.call('media', 'ListImages', { reviewId: request.params.id }, meta);
      reply.header('Cache-Control', 'private, no-store');
      return envelope(request, list.items.map(presentImage));
    },
  );

  app.get(
    '/v1/reviews/:id/images/:imageId/:rendition',
    {
      schema: {
        tags,
        operationId: 'redirectToReviewImage',
        summary: "Go to a review image's rendition",
        description:
          'The stable address a published review lists for each image (`images[].url`, ' +
          '`images[].thumbnail.url`): 302 to a freshly signed link of the rendition (which expires), so ' +
          'cached review JSON never holds an expired link. The redirect itself may be cached for up to an ' +
          "hour, never past the link's expiry. Who may see the image is the list's rule: a draft's images " +
          "only with its author's or an admin's token. An image not (or no longer) ready: 404.",
        params: RenditionParams,
        response: {
          302: z.null().describe('Location: the signed link of the rendition'),
          ...problems(400, 401, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = request.headers.authorization ? await authenticated(request, deps) : undefined;
      const meta = actor ?? { ...anonymous(request), actor: await actorOf(request, deps.verifier) };
      const { id, imageId, rendition } = request.params;
      const list = await deps.upstreams.call('media', 'ListImages', { reviewId: id }, meta);
      const image = list.items.find((item) => item.id === imageId && item.status === 'ready');
      const url = image?.[rendition]?.url;
      if (!url) throw errors.notFound('IMAGE_NOT_FOUND', 'no ready image with this id on this review');
      const maxAge = redirectMaxAge(url);
      return reply
        .status(302)
        .header('Location', url)
        .header('Cache-Control', actor || maxAge === 0 ? 'private, no-store' : `public, max-age=${maxAge}`)
        .send(null);
    },
  );

  app.delete(
    '/v1/reviews/:id/images/:imageId',
    {
      schema: {
        tags,
        operationId: 'deleteReviewImage',
        summary: 'Delete an image of a review',
        description:
          "The review's author or an admin. The image, its original and its renditions go (links to them " +
          'stop working); 204. Again: 404.',
        security: BEARER,
        params: ImageParams,
        response: { 204: z.null().describe('deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const { id, imageId } = request.params;
      await deps.upstreams.call('media', 'DeleteImage', { reviewId: id, id: imageId }, meta);
      return reply.status(204).send(null);
    },
  );
}
