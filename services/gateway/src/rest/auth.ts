import { LoginInputSchema, LogoutInputSchema, RefreshInputSchema } from '@rcr/contracts';
import { z } from 'zod';
import type { RestApp } from './app-types.ts';
import { BEARER } from './app-types.ts';
import { anonymous, authenticated, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { IGNORES_IDEMPOTENCY_KEY } from './idempotency.ts';
import { presentEditor } from './present.ts';
import { loginRateLimit } from './rate-limit.ts';
import { EditorSchema, envelopeOf, problems, TokenPairSchema } from './schemas.ts';

const LoginBody = LoginInputSchema.meta({
  example: { email: 'editor@rcr.local', password: 'editor-demo-password' },
});
const RefreshBody = RefreshInputSchema;
const LogoutBody = LogoutInputSchema.nullish();

const tokenResponse = (pair: { accessToken: string; refreshToken: string; expiresIn: number }) => ({
  accessToken: pair.accessToken,
  refreshToken: pair.refreshToken,
  tokenType: 'Bearer' as const,
  expiresIn: pair.expiresIn,
});

/** Sessions (login, refresh, logout), the public keys, and the caller's own account. */
export function authRoutes(app: RestApp, deps: RouteDeps) {
  app.post(
    '/v1/auth/login',
    {
      config: loginRateLimit(deps.rateLimits),
      schema: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Log in',
        description:
          'Exchanges email and password for a 15-minute access token and a rotating refresh token. Wrong password and unknown email give the same 401. Limited per IP and per account (email); an address the account logged in from in the last 30 days has a per-account budget of its own, and so has a client that sends back the `RCR-Login-Device` token a login of this account answered it (from any address), so failed attempts from elsewhere cannot lock its owner out. An `Idempotency-Key` header is ignored: answers carrying credentials are never stored for replay.',
        ...IGNORES_IDEMPOTENCY_KEY,
        body: LoginBody,
        response: { 200: envelopeOf(TokenPairSchema), ...problems(400, 401, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const pair = await deps.upstreams.call('identity', 'Login', request.body, anonymous(request));
      reply.header('Cache-Control', 'no-store');
      return envelope(request, tokenResponse(pair));
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        operationId: 'refreshSession',
        summary: 'Refresh a session',
        description:
          'Returns a new token pair; the presented refresh token stops working. Presenting a used one revokes its whole family. An `Idempotency-Key` header is ignored: answers carrying credentials are never stored for replay.',
        ...IGNORES_IDEMPOTENCY_KEY,
        body: RefreshBody,
        response: { 200: envelopeOf(TokenPairSchema), ...problems(400, 401, 415, 503) },
      },
    },
    async (request, reply) => {
      const pair = await deps.upstreams.call('identity', 'Refresh', request.body, anonymous(request));
      reply.header('Cache-Control', 'no-store');
      return envelope(request, tokenResponse(pair));
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'Log out',
        description:
          'Revokes the given refresh token family, or all of the caller’s sessions when none is given.',
        security: BEARER,
        body: LogoutBody,
        response: { 204: z.null().describe('logged out'), ...problems(400, 401, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      await deps.upstreams.call('identity', 'Logout', { refreshToken: request.body?.refreshToken }, meta);
      return reply.status(204).send(null);
    },
  );

  // A plain JWK Set (RFC 7517), not wrapped in the envelope, so standard JOSE libraries can read it.
  app.get(
    '/v1/auth/jwks',
    {
      schema: {
        tags: ['auth'],
        operationId: 'getJwks',
        summary: 'Public signing keys',
        description: 'The JWK Set that verifies access tokens (EdDSA / Ed25519).',
        response: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), ...problems(503) },
      },
    },
    async (request, reply) => {
      const { json } = await deps.upstreams.call('identity', 'GetJwks', {}, anonymous(request));
      reply.header('Cache-Control', 'public, max-age=300');
      return JSON.parse(json) as { keys: Record<string, unknown>[] };
    },
  );

  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['auth'],
        operationId: 'getMe',
        summary: 'My account',
        description: 'The account of the access token’s owner.',
        security: BEARER,
        response: { 200: envelopeOf(EditorSchema), ...problems(401, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const editor = await deps.upstreams.call('identity', 'GetEditor', { id: meta.actor.id }, meta);
      reply.header('Cache-Control', 'private, no-store');
      return envelope(request, presentEditor(editor));
    },
  );
}
