import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenVerifier } from '../auth/tokens.ts';
import { peekActor } from './deps.ts';
import { sendProblem } from './http.ts';
import type { LoginAddresses } from './login-addresses.ts';
import type { RateLimitCounters, WindowCount } from './rate-limit-counters.ts';

/** Requests per minute, by kind of client. */
export interface RateLimits {
  anonymous: number;
  editor: number;
  /** Login attempts per IP. */
  login: number;
  /**
   * Login attempts per account (normalised email) from the addresses it has not logged in from before,
   * all together; each address it has logged in from gets a budget of its own of the same size.
   */
  loginPerAccount: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Also limit this route per account, keyed by the `email` of the body (login). */
    loginAccountLimit?: boolean;
  }
}

const WINDOW_MS = 60_000;

type Policy = 'anonymous' | 'editor' | 'login' | 'login-account';

/** Which policy counted a request, for the RateLimit-Policy header. */
const policies = new WeakMap<object, Policy>();

/** The login's account-at-address key, remembered when the login succeeds. */
const loginAddressKeys = new WeakMap<object, string>();

/** The plugin's store: every count through the shared counters; route-specific limits count exactly. */
function storeOf(counters: RateLimitCounters): new () => FastifyRateLimitStore {
  // Route-specific limits (login) are low-volume and security-relevant: one Redis round trip each.
  const exact: FastifyRateLimitStore = {
    incr(key, callback, timeWindow) {
      void counters.hitExact(key, timeWindow).then(
        (count) => callback(null, count),
        () => callback(null, counters.hit(key, timeWindow)),
      );
    },
    child: () => exact,
  };
  return class SharedCounterStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: WindowCount) => void, timeWindow: number) {
      callback(null, counters.hit(key, timeWindow));
    }
    child() {
      return exact;
    }
  };
}

/** The client address as the limiter counts it (IPv6 by /64, so one host cannot rotate addresses; the push connection quota counts the same way). */
const clientOf = (request: FastifyRequest) => normalizeIP(request.ip);

/**
 * Rate limits: per IP for anonymous clients, per account for editors (by the verified token), and on
 * login both per IP and per account (against credential stuffing from many addresses). Counting never
 * waits on Redis except for logins, and never fails: see `RateLimitCounters`. Every response carries
 * `X-RateLimit-*` and the IETF `RateLimit-Policy` / `RateLimit` fields; a 429 has `Retry-After` and a
 * problem+json body.
 */
export async function installRateLimits(
  app: RestApp,
  options: {
    limits: RateLimits;
    verifier: TokenVerifier;
    counters: RateLimitCounters;
    /** Where the addresses each account logged in from are kept (see the per-account login limit). */
    loginAddresses: LoginAddresses;
    namespace: string;
  },
): Promise<void> {
  const { limits, counters } = options;
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    store: storeOf(counters),
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    keyGenerator: async (request) => {
      // No token, no verification: anonymous requests (most of them) build no error object here.
      const actor = await peekActor(request, options.verifier);
      policies.set(request, actor ? 'editor' : 'anonymous');
      return actor ? `account:${actor.id}` : `ip:${clientOf(request)}`;
    },
    max: (_request, key) => (key.startsWith('account:') ? limits.editor : limits.anonymous),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  // The per-account login limit needs the body, so it runs after parsing and validation. Attempts from
  // addresses the account has never logged in from share one budget (credential stuffing from many
  // addresses stops there); an address it has logged in from before has a budget of its own, so that
  // whoever exhausts the shared one cannot lock the owner out of their usual addresses.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.loginAccountLimit) return;
    const email = (request.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== 'string') return;
    const atAddress = accountAddressKey(options.namespace, email, clientOf(request));
    loginAddressKeys.set(request, atAddress);
    const known = await options.loginAddresses.known(atAddress);
    const key = known ? `login-account-at:${atAddress}` : accountKey(options.namespace, email);
    const count = await counters.hitExact(key, WINDOW_MS);
    // Under this limit the answer keeps showing the per-IP login policy clients rely on; past it, this one.
    if (count.current > limits.loginPerAccount) {
      policies.set(request, 'login-account');
      setLimitHeaders(reply, limits.loginPerAccount, 0, count.ttl);
      const seconds = Math.ceil(count.ttl / 1000);
      reply.header('Retry-After', seconds);
      return sendProblem(
        request,
        reply,
        429,
        'RATE_LIMITED',
        `too many login attempts for this account; retry in ${seconds} s`,
      );
    }
  });

  // Remembered before the answer leaves, so that the client's next login finds it at any gateway.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || !request.routeOptions.config.loginAccountLimit) return payload;
    const atAddress = loginAddressKeys.get(request);
    if (atAddress) await options.loginAddresses.remember(atAddress);
    return payload;
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

function setLimitHeaders(reply: FastifyReply, limit: number, remaining: number, ttlMs: number): void {
  reply.header('X-RateLimit-Limit', limit);
  reply.header('X-RateLimit-Remaining', remaining);
  reply.header('X-RateLimit-Reset', Math.ceil(ttlMs / 1000));
}

const normalisedEmail = (email: string) => email.trim().normalize('NFKC').toLowerCase();

/** The per-account login key: the normalised email, hashed so no address is kept in Redis. */
function accountKey(namespace: string, email: string): string {
  const hash = createHash('sha256').update(`${namespace}\n${normalisedEmail(email)}`);
  return `login-account:${hash.digest('base64url')}`;
}

/** One account at one client address, hashed so neither is kept in Redis. */
function accountAddressKey(namespace: string, email: string, address: string): string {
  const hash = createHash('sha256').update(`${namespace}\n${normalisedEmail(email)}\n${address}`);
  return hash.digest('base64url');
}

/** Route options that give login its own, stricter limits: per IP (counted exactly) and per account. */
export function loginRateLimit(limits: RateLimits) {
  return {
    loginAccountLimit: true,
    rateLimit: {
      max: limits.login,
      timeWindow: WINDOW_MS,
      keyGenerator: (request: FastifyRequest) => {
        policies.set(request, 'login');
        return `login:${clientOf(request)}`;
      },
    },
  };
}
