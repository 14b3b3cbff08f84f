import { Readable } from 'node:stream';
import type { JobsV1 } from '@rcr/contracts';
import { errors } from '@rcr/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RestApp } from './app-types.ts';
import { matchesNoneMatch } from './conventions.ts';
import { anonymous, type RouteDeps } from './deps.ts';
import { problems } from './schemas.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers a stored file's own type, whatever Accept says about JSON and XML. */
    fileDownload?: boolean;
  }
}

/** Longest a file transfer may take from the service to the client. */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;

const FileParams = z.object({
  '*': z.string().min(1).max(400).describe('the object key, e.g. exports/<job id>.csv'),
});
const LinkQuery = z.strictObject({
  expires: z.string().max(20).optional().describe('unix seconds, as signed'),
  signature: z.string().max(300).optional().describe('<key id>.<base64url HMAC-SHA256>'),
});

/** A year: how long the bytes under an immutable key may be kept. */
const IMMUTABLE_MAX_AGE = 365 * 24 * 3600;

/**
 * The service that serves a key: published images (`images/…`) the media service (ADR 0029), every
 * other key the jobs service (exports, ADR 0024), which refuses keys it does not serve.
 */
export function fileServiceOf(key: string): 'jobs' | 'media' {
  return key.startsWith('images/') ? 'media' : 'jobs';
}

/** The headers of a file answer: type, size, validator, how long it may be kept, and how to offer it. */
function fileHeaders(reply: FastifyReply, info: JobsV1.FileInfo__Output): void {
  const maxAge = Math.max(0, Number(info.expires) - Math.floor(Date.now() / 1000));
  reply
    .type(info.contentType)
    .header('Content-Length', String(info.size))
    .header('ETag', `"${info.etag}"`)
    .header('Last-Modified', new Date(info.lastModified).toUTCString())
    .header(
      'Cache-Control',
      info.immutable ? `public, max-age=${IMMUTABLE_MAX_AGE}, immutable` : `private, max-age=${maxAge}`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    // A file is never a page: no script runs and nothing loads on its behalf, whatever it holds.
    .header('Content-Security-Policy', "default-src 'none'; sandbox");
  if (info.attachmentName) {
    reply.header(
      'Content-Disposition',
      `attachment; filename="${info.attachmentName.replace(/[^\w.-]/g, '_')}"`,
    );
  }
}

/**
 * Files of the bucket by signed link (`GET`/`HEAD /v1/files/{key}?expires=&signature=`): the link is
 * checked by the service that serves the key (`fileServiceOf`), signature first; the bytes are streamed
 * through as they come, never parsed here.
 */
export function fileRoutes(app: RestApp, deps: RouteDeps) {
  app.get(
    '/v1/files/*',
    {
      config: { fileDownload: true },
      schema: {
        tags: ['files'],
        operationId: 'getFile',
        summary: 'Download a file by signed link',
        description:
          'The holder of a signed link (from a job result): no token needed. 200 with the stored ' +
          'Content-Type, Content-Length, ETag and `Cache-Control: private, max-age=<seconds until the link ' +
          'expires>` — published images (`images/…`, never changed under their key): `Cache-Control: public, ' +
          'max-age=31536000, immutable`; generated files come as `Content-Disposition: attachment`. Image ' +
          'originals are never served. `If-None-Match` with its ETag (or `*`): 304 without the bytes. ' +
          '403 when the link is forged, ' +
          'truncated or expired (the signature is checked first); 404 when the file is gone. HEAD answers ' +
          'the same headers without the bytes.',
        params: FileParams,
        querystring: LinkQuery,
        response: {
          200: z.string().describe('the file (its own content type)'),
          304: z.null().describe('Not Modified: the ETag in If-None-Match is the file’s'),
          ...problems(400, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const link = {
        key: request.params['*'],
        expires: request.query.expires ?? '',
        signature: request.query.signature ?? '',
      };
      const meta = anonymous(request);
      const service = fileServiceOf(link.key);
      if (request.method === 'HEAD') {
        fileHeaders(reply, await deps.upstreams.call(service, 'StatFile', link, meta));
        // An empty stream: Fastify keeps the Content-Length set above (a string would reset it to 0).
        return reply.send(Readable.from([]) as unknown as string);
      }
      const stream = deps.upstreams.readFile(service, link, meta, TRANSFER_TIMEOUT_MS);
      const first = await stream.next();
      const info = first.done ? undefined : first.value.info;
      if (!info) {
        await stream.return(undefined);
        throw errors.unavailable('FILE_UNAVAILABLE', 'the file could not be read');
      }
      fileHeaders(reply, info);
      // The client holds these bytes already (its ETag matches): 304, and the rest is not read.
      if (matchesNoneMatch(request.headers['if-none-match'], `"${info.etag}"`)) {
        await stream.return(undefined);
        reply.removeHeader('Content-Length');
        return reply.code(304).send(null);
      }
      const bytes = async function* () {
        for await (const chunk of stream) if (chunk.data) yield chunk.data;
      };
      // A stream is sent as it is (the 200 schema documents the body; it serialises nothing).
      return reply.send(Readable.from(bytes()) as unknown as string);
    },
  );
}
