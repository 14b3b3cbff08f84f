import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticated, type RouteDeps } from './deps.ts';
import { envelope, listExtras, pageQuery, parse } from './http.ts';
import { presentEditor } from './present.ts';

const Role = z.enum(['admin', 'editor']);
const CreateBody = z
  .object({
    email: z.email().max(320),
    name: z.string().min(1).max(100),
    password: z.string().min(10).max(1024),
    role: Role.default('editor'),
  })
  .strict();
const PatchBody = z
  .object({
    name: z.string().min(1).max(100),
    role: Role,
    password: z.string().min(10).max(1024),
    active: z.boolean(),
  })
  .partial()
  .strict();
const IdParams = z.object({ id: z.uuid() });
const ListQuery = z.object(pageQuery).strict();

/** Editor accounts, managed by admins (identity enforces the role). */
export function editorRoutes(app: FastifyInstance, deps: RouteDeps) {
  app.get('/v1/editors', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { page, limit } = parse(ListQuery, request.query, 'query');
    const list = await deps.upstreams.call('identity', 'ListEditors', { page, limit }, meta);
    reply.header('Cache-Control', 'private, no-store');
    return envelope(request, list.items.map(presentEditor), listExtras(request, page, limit, list.total));
  });

  app.post('/v1/editors', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const body = parse(CreateBody, request.body, 'body');
    const editor = await deps.upstreams.call('identity', 'CreateEditor', body, meta);
    return reply
      .status(201)
      .header('Location', `/v1/editors/${editor.id}`)
      .send(envelope(request, presentEditor(editor)));
  });

  app.get('/v1/editors/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    const editor = await deps.upstreams.call('identity', 'GetEditor', { id }, meta);
    reply.header('Cache-Control', 'private, no-store');
    return envelope(request, presentEditor(editor));
  });

  app.patch('/v1/editors/:id', async (request) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    const body = parse(PatchBody, request.body, 'body');
    const editor = await deps.upstreams.call('identity', 'UpdateEditor', { id, ...body }, meta);
    return envelope(request, presentEditor(editor));
  });

  app.delete('/v1/editors/:id', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const { id } = parse(IdParams, request.params, 'params');
    await deps.upstreams.call('identity', 'DeactivateEditor', { id }, meta);
    return reply.status(204).send();
  });
}
