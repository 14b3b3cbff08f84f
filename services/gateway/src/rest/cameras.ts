import { createHash } from 'node:crypto';
import {
  CAMERA_LIMITS,
  CAMERA_SORT_FIELDS,
  CameraInputSchema,
  CameraPatchInputSchema,
  CameraTypeSchema,
  SEARCH_TEXT_MAX_LENGTH,
} from '@rcr/contracts';
import { z } from 'zod';
import { BEARER, type RestApp } from './app-types.ts';
import { anonymous, authenticated, type RouteDeps } from './deps.ts';
import { envelope, listEnvelope, withIfMatch } from './http.ts';
import type { ContentV1 } from '@rcr/contracts';
import { setConsistencyToken } from './consistency.ts';
import { sendJsonPage } from './passthrough.ts';
import { presentCamera, presentCameraSummary, presentStreetPrice } from './present.ts';
import {
  CameraIdParams,
  CameraSchema,
  CameraSummarySchema,
  ContentSchema,
  envelopeOf,
  listEnvelopeOf,
  pageQuery,
  problems,
  sortQuery,
  cursorQuery,
} from './schemas.ts';

const PatchBody = CameraPatchInputSchema.meta({ example: { specs: { priceUsd: 1499 } } });
const ListQuery = z.strictObject({
  ...pageQuery,
  brand: z.string().max(CAMERA_LIMITS.brand.max).optional(),
  type: CameraTypeSchema.optional(),
  q: z
    .string()
    .min(1)
    .max(SEARCH_TEXT_MAX_LENGTH)
    .optional()
    .describe('matches brand and model, accent-insensitive, typo-tolerant'),
  sort: sortQuery(CAMERA_SORT_FIELDS),
  cursor: cursorQuery,
});

/**
 * A camera summary's ETag: its version plus its review aggregate and (when it has any) a digest of its
 * street prices, so a new rating or price changes the tag while `If-Match` still maps to the camera's
 * own version.
 */
function summaryEtag(c: ContentV1.CameraSummary__Output, kind: 'json' | 'xml'): string {
  const prices =
    c.streetPrices.length === 0
      ? ''
      : `.p${createHash('sha256')
          .update(JSON.stringify(c.streetPrices.map(presentStreetPrice)))
          .digest('hex')
          .slice(0, 16)}`;
  return `"v${c.version}.${c.reviewCount}.${Math.round(c.averageRating * 100)}${prices}${kind === 'xml' ? '-x' : ''}"`;
}
const ReviewsQuery = z.strictObject({ ...pageQuery, cursor: cursorQuery });

/** Public camera reads are cacheable for a minute and may be served stale while revalidating. */
const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300';

/** Cameras: reads from content (with scores), writes to reviews. */
export function cameraRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['cameras'];
  app.get(
    '/v1/cameras',
    {
      schema: {
        tags,
        operationId: 'listCameras',
        summary: 'List cameras',
        description: 'Every camera with its average rating and number of published reviews.',
        querystring: ListQuery,
        response: { 200: listEnvelopeOf(CameraSummarySchema), ...problems(400, 406, 503) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const list = await deps.upstreams.call(
        'content',
        'ListCameras',
        { ...q, sort: q.sort ?? [] },
        anonymous(request),
      );
      reply.header('Cache-Control', PUBLIC_CACHE);
      return listEnvelope(
        request,
        list.items.map(presentCameraSummary),
        q.page,
        q.limit,
        list.total,
        list.nextCursor,
      );
    },
  );

  app.get(
    '/v1/cameras/:id',
    {
      schema: {
        tags,
        operationId: 'getCamera',
        summary: 'Get a camera',
        description: 'One camera with specs and its aggregated score.',
        params: CameraIdParams,
        response: { 200: envelopeOf(CameraSummarySchema), ...problems(400, 404, 406, 503) },
      },
    },
    async (request, reply) => {
      const camera = await deps.upstreams.call(
        'content',
        'GetCamera',
        { id: request.params.id },
        anonymous(request),
      );
      reply.header('Cache-Control', PUBLIC_CACHE).header('ETag', summaryEtag(camera, request.mediaKind));
      return envelope(request, presentCameraSummary(camera));
    },
  );

  app.get(
    '/v1/cameras/:id/reviews',
    {
      schema: {
        tags,
        operationId: 'listCameraReviews',
        summary: 'Published reviews of a camera',
        description: 'Newest first. A camera the catalogue does not hold: 404, as for the camera itself.',
        params: CameraIdParams,
        querystring: ReviewsQuery,
        response: { 200: listEnvelopeOf(ContentSchema), ...problems(400, 404, 406, 503) },
      },
    },
    async (request, reply) => {
      const { page, limit, cursor } = request.query;
      const list = await deps.upstreams.call(
        'content',
        'ListContentJson',
        { page, limit, cameraId: request.params.id, cursor },
        anonymous(request),
      );
      // No review at all: a camera without reviews yet, or no camera (404, as GET /v1/cameras/{id}).
      if (list.total === 0 && !list.totalIsEstimate)
        await deps.upstreams.call('content', 'GetCamera', { id: request.params.id }, anonymous(request));
      reply.header('Cache-Control', PUBLIC_CACHE);
      return sendJsonPage(
        request,
        reply,
        list.items,
        page,
        limit,
        list.total,
        list.nextCursor,
        list.totalIsEstimate,
      );
    },
  );

  app.post(
    '/v1/cameras',
    {
      schema: {
        tags,
        operationId: 'createCamera',
        summary: 'Add a camera',
        description:
          'Editors. The id is derived from brand and model ("fujifilm-x100vi"); 409 when it exists.',
        security: BEARER,
        body: CameraInputSchema.meta({
          example: {
            brand: 'Fujifilm',
            model: 'X100VI',
            type: 'compact',
            specs: { sensorSize: 'APS-C', megapixels: 40.2, priceUsd: 1599 },
          },
        }),
        response: { 201: envelopeOf(CameraSchema), ...problems(400, 401, 409, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const camera = await deps.upstreams.call('reviews', 'CreateCamera', request.body, meta);
      await setConsistencyToken(reply, meta.actor.id, [
        { kind: 'camera', id: camera.id, version: camera.version },
      ]);
      return reply
        .status(201)
        .header('Location', `/v1/cameras/${camera.id}`)
        .send(envelope(request, presentCamera(camera)));
    },
  );

  app.put(
    '/v1/cameras/:id',
    {
      schema: {
        tags,
        operationId: 'putCamera',
        summary: 'Create or replace a camera at a chosen id',
        description:
          'Editors. Store semantics: 201 + Location when the id is new, 200 when an existing camera is replaced (specs replaced, not merged; the same camera again keeps its version and emits nothing). `If-Match` → 412 when stale (or when the camera does not exist: `If-Match: *` replaces, never creates).',
        security: BEARER,
        params: CameraIdParams,
        body: CameraInputSchema.meta({
          example: { brand: 'Leica', model: 'Q3', type: 'compact', specs: { megapixels: 60.3 } },
        }),
        response: {
          200: envelopeOf(CameraSchema),
          201: envelopeOf(CameraSchema),
          ...problems(400, 401, 409, 412, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const { camera, created } = await withIfMatch(request, (expectedVersion) =>
        deps.upstreams.call(
          'reviews',
          'PutCamera',
          { id: request.params.id, ...request.body, expectedVersion },
          meta,
        ),
      );
      if (!camera) throw new Error('PutCamera answered without a camera');
      await setConsistencyToken(reply, meta.actor.id, [
        { kind: 'camera', id: camera.id, version: camera.version },
      ]);
      if (created) reply.status(201).header('Location', `/v1/cameras/${camera.id}`);
      return envelope(request, presentCamera(camera));
    },
  );

  app.patch(
    '/v1/cameras/:id',
    {
      schema: {
        tags,
        operationId: 'updateCamera',
        summary: 'Change a camera',
        description:
          'Editors. Given specs are merged into the current ones. `If-Match: "v<version>"` → 412 when stale. A change to what is already there keeps the version and emits nothing.',
        security: BEARER,
        params: CameraIdParams,
        body: PatchBody,
        response: { 200: envelopeOf(CameraSchema), ...problems(400, 401, 404, 409, 412, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const camera = await withIfMatch(request, (expectedVersion) =>
        deps.upstreams.call(
          'reviews',
          'UpdateCamera',
          { id: request.params.id, ...request.body, replaceSpecs: false, expectedVersion },
          meta,
        ),
      );
      await setConsistencyToken(reply, meta.actor.id, [
        { kind: 'camera', id: camera.id, version: camera.version },
      ]);
      return envelope(request, presentCamera(camera));
    },
  );

  app.delete(
    '/v1/cameras/:id',
    {
      schema: {
        tags,
        operationId: 'deleteCamera',
        summary: 'Remove a camera',
        description: 'Editors. 409 while reviews refer to it. `If-Match` → 412 when stale.',
        security: BEARER,
        params: CameraIdParams,
        response: { 204: z.null().describe('removed'), ...problems(400, 401, 404, 409, 412, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      await withIfMatch(request, (expectedVersion) =>
        deps.upstreams.call('reviews', 'DeleteCamera', { id: request.params.id, expectedVersion }, meta),
      );
      return reply.status(204).send(null);
    },
  );
}
