import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticated, type RouteDeps } from './deps.ts';
import { envelope, etagOf, ifMatchVersion, listExtras, notModified, pageQuery, parse } from './http.ts';
import { presentReview } from './present.ts';

const text = (max: number) => z.string().max(max);
const fields = {
  cameraId: z.string().min(1).max(100),
  title: text(200),
  body: text(50_000),
  rating: z.number().min(0).max(10),
  pros: z.array(text(200)).max(20),
  cons: z.array(text(200)).max(20),
  verdict: text(2_000),
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional(),
};
const CreateBody = z
  .object({ ...fields, pros: fields.pros.default([]), cons: fields.cons.default([]) })
  .strict();
const ReplaceBody = z.object(fields).strict();
const PatchBody = z.object(fields).partial().strict();
const IdParams = z.object({ id: z.uuid() });
const ListQuery = z
  .object({
    ...pageQuery,
    status: z.enum(['draft', 'published']).optional(),
    editor: z.literal('mine').optional(),
  })
  .strict();

/** Reviews: the editors' write side (owner or admin; rules enforced by the reviews service). */
export function reviewRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.post('/v1/reviews', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const body = parse(CreateBody, request.body, 'body');
    const review = await deps.upstreams.call('reviews', 'CreateReview', body, meta);
    return reply
      .status(201)
      .header('Location', `/v1/reviews/${review.id}`)
      .header('ETag', etagOf(review.version))
      .send(envelope(request, presentReview(review)));
  });

  app.get('/v1/reviews', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const q = parse(ListQuery, request.query, 'query');
    const list = await deps.upstreams.call(
      'reviews',
      'ListReviews',
      { page: q.page, limit: q.limit, status: q.status, mineOnly: q.editor === 'mine' },
      meta,
    );
    reply.header('Cache-Control', 'private, no-store');
    return envelope(request, list.items.map(presentReview), listExtras(request, q.page, q.limit, list.total));
  });

  app.get('/v1/reviews/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    const review = await deps.upstreams.call('reviews', 'GetReview', { id }, meta);
    reply.header('Cache-Control', 'private, no-store');
    if (notModified(request, reply, etagOf(review.version))) return reply;
    return envelope(request, presentReview(review));
  });

  const update = (replace: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    const body = replace ? parse(ReplaceBody, request.body, 'body') : parse(PatchBody, request.body, 'body');
    const review = await deps.upstreams.call(
      'reviews',
      'UpdateReview',
      {
        id,
        ...body,
        pros: body.pros ?? [],
        setPros: body.pros !== undefined,
        cons: body.cons ?? [],
        setCons: body.cons !== undefined,
        expectedVersion: ifMatchVersion(request),
      },
      meta,
    );
    reply.header('ETag', etagOf(review.version));
    return envelope(request, presentReview(review));
  };
  app.put('/v1/reviews/:id', update(true));
  app.patch('/v1/reviews/:id', update(false));

  app.delete('/v1/reviews/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    await deps.upstreams.call('reviews', 'DeleteReview', { id }, meta);
    return reply.status(204).send();
  });

  for (const action of ['publish', 'unpublish'] as const) {
    app.post(`/v1/reviews/:id/${action}`, async (request, reply) => {
      const meta = await authenticated(request, deps);
      const { id } = parse(IdParams, request.params, 'params');
      const review = await deps.upstreams.call(
        'reviews',
        action === 'publish' ? 'PublishReview' : 'UnpublishReview',
        { id },
        meta,
      );
      reply.header('ETag', etagOf(review.version));
      return envelope(request, presentReview(review));
    });
  }
}
