import {
  EDITOR_SORT_FIELDS,
  EditorCreateInputSchema,
  EditorUpdateInputSchema,
  RoleSchema,
} from '@rcr/contracts';
import { z } from 'zod';
import { ADMIN_ONLY } from './admin.ts';
import { BEARER, type RestApp } from './app-types.ts';
import { authenticated, type RouteDeps } from './deps.ts';
import { versionEtag } from './conventions.ts';
import { envelope, listEnvelope, withIfMatch } from './http.ts';
import { presentEditor } from './present.ts';
import {
  cursorQuery,
  EditorSchema,
  envelopeOf,
  listEnvelopeOf,
  pageQuery,
  problems,
  sortQuery,
  UuidParams,
} from './schemas.ts';

const CreateBody = EditorCreateInputSchema.meta({
  example: { email: 'ana@rcr.local', name: 'Ana Pérez', password: 'a-long-password', role: 'editor' },
});
const PatchBody = EditorUpdateInputSchema;
const ListQuery = z.strictObject({
  ...pageQuery,
  role: RoleSchema.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: sortQuery(EDITOR_SORT_FIELDS),
  cursor: cursorQuery,
});

/** Editor accounts, managed by admins (identity enforces the role). */
export function editorRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['editors'];
  app.get(
    '/v1/editors',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'listEditors',
        summary: 'List editors',
        description: 'Admins only. Newest first.',
        security: BEARER,
        querystring: ListQuery,
        response: { 200: listEnvelopeOf(EditorSchema), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const q = request.query;
      const list = await deps.upstreams.call(
        'identity',
        'ListEditors',
        {
          page: q.page,
          limit: q.limit,
          role: q.role,
          active: q.active,
          sort: q.sort ?? [],
          cursor: q.cursor,
        },
        meta,
      );
      reply.header('Cache-Control', 'private, no-store');
      return listEnvelope(
        request,
        list.items.map(presentEditor),
        q.page,
        q.limit,
        list.total,
        list.nextCursor,
      );
    },
  );

  app.post(
    '/v1/editors',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'createEditor',
        summary: 'Create an editor',
        description: 'Admins only. 409 when the email is taken.',
        security: BEARER,
        body: CreateBody,
        response: { 201: envelopeOf(EditorSchema), ...problems(400, 401, 403, 409, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const editor = await deps.upstreams.call('identity', 'CreateEditor', request.body, meta);
      return reply
        .status(201)
        .header('Location', `/v1/editors/${editor.id}`)
        .send(envelope(request, presentEditor(editor)));
    },
  );

  app.get(
    '/v1/editors/:id',
    {
      schema: {
        tags,
        operationId: 'getEditor',
        summary: 'Get an editor',
        description: 'Admins, or the editor themself.',
        security: BEARER,
        params: UuidParams,
        response: { 200: envelopeOf(EditorSchema), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const editor = await deps.upstreams.call('identity', 'GetEditor', { id: request.params.id }, meta);
      reply
        .header('Cache-Control', 'private, no-store')
        .header('ETag', versionEtag(editor.version, request.mediaKind));
      return envelope(request, presentEditor(editor));
    },
  );

  app.patch(
    '/v1/editors/:id',
    {
      schema: {
        tags,
        operationId: 'updateEditor',
        summary: 'Update an editor',
        description:
          'Admins only: name, role, password or active flag. `If-Match: "v<version>"` → 412 when stale.',
        security: BEARER,
        params: UuidParams,
        body: PatchBody,
        response: { 200: envelopeOf(EditorSchema), ...problems(400, 401, 403, 404, 409, 412, 415, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const editor = await withIfMatch(request, (expectedVersion) =>
        deps.upstreams.call(
          'identity',
          'UpdateEditor',
          { id: request.params.id, ...request.body, expectedVersion },
          meta,
        ),
      );
      reply.header('ETag', versionEtag(editor.version, request.mediaKind));
      return envelope(request, presentEditor(editor));
    },
  );

  app.delete(
    '/v1/editors/:id',
    {
      schema: {
        ...ADMIN_ONLY,
        tags,
        operationId: 'deactivateEditor',
        summary: 'Deactivate an editor',
        description: 'Admins only. Revokes the editor’s sessions; idempotent.',
        security: BEARER,
        params: UuidParams,
        response: { 204: z.null().describe('deactivated'), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      await deps.upstreams.call('identity', 'DeactivateEditor', { id: request.params.id }, meta);
      return reply.status(204).send(null);
    },
  );
}
