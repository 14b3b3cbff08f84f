import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anonymous, type RouteDeps } from './deps.ts';
import { envelope, listExtras, pageQuery, parse } from './http.ts';
import { presentContent } from './present.ts';

const ListQuery = z.object({ ...pageQuery, camera: z.string().max(100).optional() }).strict();
const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,120}$/, 'a review slug') });

const PUBLIC_CACHE = 'public, max-age=30, stale-while-revalidate=300';

/** The public read side: published reviews, newest first. */
export function contentRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.get('/v1/content', async (request, reply) => {
    const q = parse(ListQuery, request.query, 'query');
    const list = await deps.upstreams.call(
      'content',
      'ListContent',
      { page: q.page, limit: q.limit, cameraId: q.camera },
      anonymous(request),
    );
    reply.header('Cache-Control', PUBLIC_CACHE);
    return envelope(
      request,
      list.items.map(presentContent),
      listExtras(request, q.page, q.limit, list.total),
    );
  });

  app.get('/v1/content/:slug', async (request, reply) => {
    const { slug } = parse(SlugParams, request.params, 'params');
    const item = await deps.upstreams.call('content', 'GetContent', { slug }, anonymous(request));
    reply.header('Cache-Control', PUBLIC_CACHE);
    return envelope(request, presentContent(item));
  });
}
