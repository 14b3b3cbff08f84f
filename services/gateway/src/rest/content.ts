import {
  CAMERA_LIMITS,
  CameraIdSchema,
  CONTENT_SORT_FIELDS,
  RELEVANCE_SORT_FIELD,
  REVIEW_LIMITS,
  SEARCH_TEXT_MAX_LENGTH,
} from '@rcr/contracts';
import { z } from 'zod';
import type { RestApp } from './app-types.ts';
import { anonymous, type RouteDeps } from './deps.ts';
import { sendJsonItem, sendJsonPage } from './passthrough.ts';
import {
  ContentSchema,
  cursorQuery,
  decimalQuery,
  envelopeOf,
  listEnvelopeOf,
  pageQuery,
  problems,
  sortQuery,
} from './schemas.ts';

const ListQuery = z.strictObject({
  ...pageQuery,
  q: z
    .string()
    .min(1)
    .max(SEARCH_TEXT_MAX_LENGTH)
    .optional()
    .describe(
      'full-text search over title, body, camera and verdict; accent-insensitive and typo-tolerant, ranked',
    ),
  camera: CameraIdSchema.optional().describe('camera id'),
  brand: z.string().max(CAMERA_LIMITS.brand.max).optional().describe('camera brand, case-insensitive'),
  editor: z.uuid().optional().describe('author (editor) id'),
  minRating: decimalQuery(
    z.number().min(REVIEW_LIMITS.rating.min).max(REVIEW_LIMITS.rating.max),
    'decimal',
  ).optional(),
  publishedAfter: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO 8601 date or date-time')
    .optional(),
  sort: sortQuery([...CONTENT_SORT_FIELDS, RELEVANCE_SORT_FIELD]),
  cursor: cursorQuery,
});
const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,120}$/, 'a review slug') });

const PUBLIC_CACHE = 'public, max-age=30, stale-while-revalidate=300';

/** The public read side: published reviews, newest first. */
export function contentRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['content'];
  app.get(
    '/v1/content',
    {
      schema: {
        tags,
        operationId: 'listContent',
        summary: 'Published reviews',
        description:
          'Public. Newest first, or by relevance when searching with `q`. Filters, multi-field sort, page/limit or cursor.',
        querystring: ListQuery,
        response: { 200: listEnvelopeOf(ContentSchema), ...problems(400, 406, 503) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const list = await deps.upstreams.call(
        'content',
        'ListContentJson',
        {
          page: q.page,
          limit: q.limit,
          q: q.q,
          cameraId: q.camera,
          brand: q.brand,
          authorId: q.editor,
          minRating: q.minRating,
          publishedAfter: q.publishedAfter,
          sort: q.sort ?? [],
          cursor: q.cursor,
        },
        anonymous(request),
      );
      reply.header('Cache-Control', PUBLIC_CACHE);
      return sendJsonPage(
        request,
        reply,
        list.items,
        q.page,
        q.limit,
        list.total,
        list.nextCursor,
        list.totalIsEstimate,
      );
    },
  );

  app.get(
    '/v1/content/:slug',
    {
      schema: {
        tags,
        operationId: 'getContent',
        summary: 'One published review',
        description: 'With camera and editor names.',
        params: SlugParams,
        response: { 200: envelopeOf(ContentSchema), ...problems(400, 404, 406, 503) },
      },
    },
    async (request, reply) => {
      const { item } = await deps.upstreams.call(
        'content',
        'GetContentJson',
        { slug: request.params.slug },
        anonymous(request),
      );
      reply.header('Cache-Control', PUBLIC_CACHE);
      return sendJsonItem(request, reply, item);
    },
  );
}
