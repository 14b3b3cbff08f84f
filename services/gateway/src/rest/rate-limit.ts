import type { RestApp } from './app-types.ts';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { TokenVerifier } from '../auth/tokens.ts';
import { actorOf } from './deps.ts';

/** Requests per minute, by kind of client. */
export interface RateLimits {
  anonymous: number;
  editor: number;
  login: number;
}

const WINDOW_MS = 60_000;

/** Which policy counted a request, for the RateLimit-Policy header. */
const policies = new WeakMap<object, 'anonymous' | 'editor' | 'login'>();

/**
 * Rate limits (M11): per IP for anonymous clients, per account for editors (by the verified token), and a
 * stricter per-IP limit on login. With Redis the counters are shared by every gateway. Every response
 * carries `X-RateLimit-*` and the IETF `RateLimit-Policy` / `RateLimit` fields; a 429 has `Retry-After`
 * and a problem+json body.
 */
export async function installRateLimits(
  app: RestApp,
  options: { limits: RateLimits; verifier: TokenVerifier; redis?: Redis | undefined; namespace: string },
): Promise<void> {
  const { limits } = options;
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.namespace}:rate-limit:` } : {}),
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    keyGenerator: async (request) => {
      const actor = await actorOf(request, options.verifier).catch(() => undefined);
      policies.set(request, actor ? 'editor' : 'anonymous');
      return actor ? `account:${actor.id}` : `ip:${request.ip}`;
    },
    max: async (_request, key) => (key.startsWith('account:') ? limits.editor : limits.anonymous),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const limit = reply.getHeader('x-ratelimit-limit');
    if (limit !== undefined) {
      const policy = policies.get(request) ?? 'anonymous';
      reply.header('RateLimit-Policy', `"${policy}";q=${limit};w=${WINDOW_MS / 1000}`);
      reply.header(
        'RateLimit',
        `"${policy}";r=${reply.getHeader('x-ratelimit-remaining') ?? 0};t=${reply.getHeader('x-ratelimit-reset') ?? 0}`,
      );
    }
    return payload;
  });
}

/** Route options that give login its own, stricter per-IP limit. */
export function loginRateLimit(limits: RateLimits) {
  return {
    rateLimit: {
      max: limits.login,
      timeWindow: WINDOW_MS,
      keyGenerator: (request: { ip: string }) => {
        policies.set(request, 'login');
        return `login:${request.ip}`;
      },
    },
  };
}
