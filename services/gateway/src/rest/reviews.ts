import {
  CameraIdSchema,
  REVIEW_SORT_FIELDS,
  ReviewCreateInputSchema,
  ReviewPatchInputSchema,
  ReviewReplaceInputSchema,
} from '@rcr/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BEARER, type RestApp } from './app-types.ts';
import { setConsistencyToken } from './consistency.ts';
import { versionEtag } from './conventions.ts';
import { authenticated, type RouteDeps } from './deps.ts';
import { envelope, listEnvelope, withIfMatch } from './http.ts';
import { presentReview } from './present.ts';
import {
  cursorQuery,
  envelopeOf,
  listEnvelopeOf,
  pageQuery,
  problems,
  ReviewSchema,
  sortQuery,
  UuidParams,
} from './schemas.ts';

const example = {
  cameraId: 'fujifilm-x100vi',
  title: 'Fujifilm X100VI: la cámara de bolsillo',
  body: 'Un mes por Buenos Aires con la X100VI…',
  rating: 9,
  pros: ['Estabilización'],
  cons: ['Precio'],
  verdict: 'La mejor compacta para la calle.',
  language: 'es',
};
const CreateBody = ReviewCreateInputSchema.meta({ example });
const ReplaceBody = ReviewReplaceInputSchema.meta({ example });
const PatchBody = ReviewPatchInputSchema.meta({ example: { rating: 8.5 } });
const ListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['draft', 'published']).optional(),
  editor: z.literal('mine').optional().describe('admins: only their own reviews'),
  camera: CameraIdSchema.optional().describe('camera id'),
  sort: sortQuery(REVIEW_SORT_FIELDS),
  cursor: cursorQuery,
});

/** Reviews: the editors' write side (owner or admin; rules enforced by the reviews service). */
export function reviewRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['reviews'];
  const withEtag = (request: FastifyRequest, reply: FastifyReply, version: number) =>
    reply.header('ETag', versionEtag(version, request.mediaKind));

  app.post(
    '/v1/reviews',
    {
      schema: {
        tags,
        operationId: 'createReview',
        summary: 'Write a review',
        description: 'Editors. Created as a draft owned by the caller.',
        security: BEARER,
        body: CreateBody,
        response: { 201: envelopeOf(ReviewSchema), ...problems(400, 401, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const review = await deps.upstreams.call('reviews', 'CreateReview', request.body, meta);
      withEtag(request, reply, review.version);
      return reply
        .status(201)
        .header('Location', `/v1/reviews/${review.id}`)
        .send(envelope(request, presentReview(review)));
    },
  );

  app.get(
    '/v1/reviews',
    {
      schema: {
        tags,
        operationId: 'listReviews',
        summary: 'List my reviews',
        description: 'Editors see their own reviews (drafts included); admins see all.',
        security: BEARER,
        querystring: ListQuery,
        response: { 200: listEnvelopeOf(ReviewSchema), ...problems(400, 401, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const q = request.query;
      const list = await deps.upstreams.call(
        'reviews',
        'ListReviews',
        {
          page: q.page,
          limit: q.limit,
          status: q.status,
          mineOnly: q.editor === 'mine',
          cameraId: q.camera,
          sort: q.sort ?? [],
          cursor: q.cursor,
        },
        meta,
      );
      reply.header('Cache-Control', 'private, no-store');
      return listEnvelope(
        request,
        list.items.map(presentReview),
        q.page,
        q.limit,
        list.total,
        list.nextCursor,
      );
    },
  );

  app.get(
    '/v1/reviews/:id',
    {
      schema: {
        tags,
        operationId: 'getReview',
        summary: 'Get a review',
        description: 'The author or an admin; others get 404. The ETag is "v<version>" for If-Match.',
        security: BEARER,
        params: UuidParams,
        response: { 200: envelopeOf(ReviewSchema), ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const review = await deps.upstreams.call('reviews', 'GetReview', { id: request.params.id }, meta);
      reply.header('Cache-Control', 'private, no-store');
      withEtag(request, reply, review.version);
      return envelope(request, presentReview(review));
    },
  );

  const update = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body: Partial<z.output<typeof ReplaceBody>>,
  ) => {
    const meta = await authenticated(request, deps);
    const review = await withIfMatch(request, (expectedVersion) =>
      deps.upstreams.call('reviews', 'UpdateReview', updateReviewRequest(id, body, expectedVersion), meta),
    );
    withEtag(request, reply, review.version);
    // Only edits of a published review reach the read model; a draft's version never will.
    if (review.status === 'published')
      await setConsistencyToken(reply, meta.actor.id, [
        { kind: 'review', id: review.id, version: review.version },
      ]);
    return envelope(request, presentReview(review));
  };
  const updateDoc = (replace: boolean) => ({
    tags,
    operationId: replace ? 'replaceReview' : 'updateReview',
    summary: replace ? 'Replace a review' : 'Change a review (JSON merge patch)',
    description:
      'The author or an admin (anyone else: 404, the review does not exist for them). `If-Match: "v<version>"` → 412 when stale (`*`: any current version). A write that changes nothing answers the review as it is: same version, no event.',
    security: BEARER,
    params: UuidParams,
    response: { 200: envelopeOf(ReviewSchema), ...problems(400, 401, 403, 404, 412, 415, 503) },
  });
  app.put('/v1/reviews/:id', { schema: { ...updateDoc(true), body: ReplaceBody } }, (request, reply) =>
    update(request, reply, request.params.id, request.body),
  );
  app.patch('/v1/reviews/:id', { schema: { ...updateDoc(false), body: PatchBody } }, (request, reply) =>
    update(request, reply, request.params.id, request.body),
  );

  app.delete(
    '/v1/reviews/:id',
    {
      schema: {
        tags,
        operationId: 'deleteReview',
        summary: 'Delete a review',
        description:
          'The author or an admin (anyone else: 404). A second delete answers 404. `If-Match: "v<version>"` → 412 when stale.',
        security: BEARER,
        params: UuidParams,
        response: { 204: z.null().describe('deleted'), ...problems(400, 401, 403, 404, 412, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      await withIfMatch(request, (expectedVersion) =>
        deps.upstreams.call('reviews', 'DeleteReview', { id: request.params.id, expectedVersion }, meta),
      );
      return reply.status(204).send(null);
    },
  );

  for (const action of ['publish', 'unpublish'] as const) {
    app.post(
      `/v1/reviews/:id/${action}`,
      {
        schema: {
          tags,
          operationId: `${action}Review`,
          summary: action === 'publish' ? 'Publish a review' : 'Unpublish a review',
          description:
            action === 'publish'
              ? 'The author or an admin (anyone else: 404). Publishing a published review is an idempotent 200 with no second event.'
              : 'Back to draft; removes it from the public content. Idempotent.',
          security: BEARER,
          params: UuidParams,
          response: { 200: envelopeOf(ReviewSchema), ...problems(400, 401, 403, 404, 503) },
        },
      },
      async (request, reply) => {
        const meta = await authenticated(request, deps);
        const rpc = action === 'publish' ? 'PublishReview' : 'UnpublishReview';
        const review = await deps.upstreams.call('reviews', rpc, { id: request.params.id }, meta);
        withEtag(request, reply, review.version);
        await setConsistencyToken(reply, meta.actor.id, [
          { kind: 'review', id: review.id, version: review.version },
        ]);
        return envelope(request, presentReview(review));
      },
    );
  }
}

/**
 * The reviews service's UpdateReview request for a replacement or a patch (REST and GraphQL): lists travel
 * with a flag saying whether they were given, since an empty list and no list mean different things.
 */
export function updateReviewRequest(
  id: string,
  body: Partial<z.output<typeof ReviewReplaceInputSchema>>,
  expectedVersion: number | undefined,
) {
  return {
    id,
    ...body,
    pros: body.pros ?? [],
    setPros: body.pros !== undefined,
    cons: body.cons ?? [],
    setCons: body.cons !== undefined,
    expectedVersion,
  };
}
