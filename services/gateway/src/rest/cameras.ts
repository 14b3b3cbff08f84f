import type { FastifyInstance } from 'fastify';
import { CameraSpecsSchema, CameraTypeSchema } from '@rcr/contracts';
import { z } from 'zod';
import { anonymous, authenticated, type RouteDeps } from './deps.ts';
import { envelope, etagOf, ifMatchVersion, listExtras, notModified, pageQuery, parse } from './http.ts';
import { presentCamera, presentCameraSummary, presentContent } from './present.ts';

const CreateBody = z
  .object({
    brand: z.string().min(1).max(60),
    model: z.string().min(1).max(80),
    type: CameraTypeSchema,
    specs: CameraSpecsSchema.default({}),
  })
  .strict();
const PatchBody = z
  .object({
    brand: z.string().min(1).max(60),
    model: z.string().min(1).max(80),
    type: CameraTypeSchema,
    specs: CameraSpecsSchema.partial(),
  })
  .partial()
  .strict();
const IdParams = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a camera id: lowercase letters, digits and hyphens'),
});
const ListQuery = z
  .object({ ...pageQuery, brand: z.string().max(60).optional(), type: CameraTypeSchema.optional() })
  .strict();
const ReviewsQuery = z.object(pageQuery).strict();

/** Public camera reads are cacheable for a minute and may be served stale while revalidating. */
const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300';

/** Cameras: reads from content (with scores), writes to reviews. */
export function cameraRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.get('/v1/cameras', async (request, reply) => {
    const q = parse(ListQuery, request.query, 'query');
    const list = await deps.upstreams.call('content', 'ListCameras', q, anonymous(request));
    reply.header('Cache-Control', PUBLIC_CACHE);
    return envelope(
      request,
      list.items.map(presentCameraSummary),
      listExtras(request, q.page, q.limit, list.total),
    );
  });

  app.get('/v1/cameras/:id', async (request, reply) => {
    const { id } = parse(IdParams, request.params, 'params');
    const camera = await deps.upstreams.call('content', 'GetCamera', { id }, anonymous(request));
    reply.header('Cache-Control', PUBLIC_CACHE);
    if (notModified(request, reply, etagOf(camera.version))) return reply;
    return envelope(request, presentCameraSummary(camera));
  });

  app.get('/v1/cameras/:id/reviews', async (request, reply) => {
    const { id } = parse(IdParams, request.params, 'params');
    const { page, limit } = parse(ReviewsQuery, request.query, 'query');
    const list = await deps.upstreams.call(
      'content',
      'ListContent',
      { page, limit, cameraId: id },
      anonymous(request),
    );
    reply.header('Cache-Control', PUBLIC_CACHE);
    return envelope(request, list.items.map(presentContent), listExtras(request, page, limit, list.total));
  });

  app.post('/v1/cameras', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const body = parse(CreateBody, request.body, 'body');
    const camera = await deps.upstreams.call('reviews', 'CreateCamera', body, meta);
    return reply
      .status(201)
      .header('Location', `/v1/cameras/${camera.id}`)
      .header('ETag', etagOf(camera.version))
      .send(envelope(request, presentCamera(camera)));
  });

  app.patch('/v1/cameras/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    const body = parse(PatchBody, request.body, 'body');
    const camera = await deps.upstreams.call(
      'reviews',
      'UpdateCamera',
      { id, ...body, replaceSpecs: false, expectedVersion: ifMatchVersion(request) },
      meta,
    );
    reply.header('ETag', etagOf(camera.version));
    return envelope(request, presentCamera(camera));
  });

  app.delete('/v1/cameras/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    await deps.upstreams.call('reviews', 'DeleteCamera', { id }, meta);
    return reply.status(204).send();
  });
}
