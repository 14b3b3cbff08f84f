import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anonymous, authenticated, type RouteDeps } from './deps.ts';
import { envelope, parse } from './http.ts';
import { presentEditor } from './present.ts';

const LoginBody = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
  .strict();
const RefreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).strict();
const LogoutBody = z
  .object({ refreshToken: z.string().min(1).max(512).optional() })
  .strict()
  .optional();

/** Sessions (login, refresh, logout), the public keys, and the caller's own account. */
export function authRoutes(app: FastifyInstance, deps: RouteDeps) {
  const tokenResponse = (pair: { accessToken: string; refreshToken: string; expiresIn: number }) => ({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    tokenType: 'Bearer',
    expiresIn: pair.expiresIn,
  });

  app.post('/v1/auth/login', async (request, reply) => {
    const body = parse(LoginBody, request.body, 'body');
    const pair = await deps.upstreams.call('identity', 'Login', body, anonymous(request));
    reply.header('Cache-Control', 'no-store');
    return envelope(request, tokenResponse(pair));
  });

  app.post('/v1/auth/refresh', async (request, reply) => {
    const body = parse(RefreshBody, request.body, 'body');
    const pair = await deps.upstreams.call('identity', 'Refresh', body, anonymous(request));
    reply.header('Cache-Control', 'no-store');
    return envelope(request, tokenResponse(pair));
  });

  app.post('/v1/auth/logout', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const body = parse(LogoutBody, request.body, 'body');
    await deps.upstreams.call('identity', 'Logout', { refreshToken: body?.refreshToken }, meta);
    return reply.status(204).send();
  });

  // A plain JWK Set (RFC 7517), not wrapped in the envelope, so standard JOSE libraries can read it.
  app.get('/v1/auth/jwks', async (request, reply) => {
    const { json } = await deps.upstreams.call('identity', 'GetJwks', {}, anonymous(request));
    reply.header('Cache-Control', 'public, max-age=300').type('application/jwk-set+json');
    return reply.send(json);
  });

  app.get('/v1/me', async (request, reply) => {
    const meta = await authenticated(request, deps);
    const editor = await deps.upstreams.call('identity', 'GetEditor', { id: meta.actor.id }, meta);
    reply.header('Cache-Control', 'private, no-store');
    return envelope(request, presentEditor(editor));
  });
}
