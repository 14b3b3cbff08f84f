import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { OpenAPIV3_1 } from 'openapi-types';
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

/** The login's account, account-at-address and device keys, remembered or renewed when the login succeeds. */
const loginAddressKeys = new WeakMap<
  object,
  { atAddress: string; account: string; device: string | undefined }
>();

/**
 * The login device token: answered by a successful login, sent back by the client's next login (see
 * `LoginAddresses`).
 */
export const LOGIN_DEVICE_HEADER = 'rcr-login-device';

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
    const account = accountKey(options.namespace, email);
    const device = options.loginAddresses.deviceOf(request.headers[LOGIN_DEVICE_HEADER], account);
    loginAddressKeys.set(request, { atAddress, account, device });
    // A device token signed for this account first (it goes wherever its owner goes), then the address.
    const key = device
      ? `login-account-device:${createHash('sha256').update(`${account}\n${device}`).digest('base64url')}`
      : (await options.loginAddresses.known(atAddress))
        ? `login-account-at:${atAddress}`
        : account;
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
    const login = loginAddressKeys.get(request);
    if (!login) return payload;
    await options.loginAddresses.remember(login.atAddress);
    const token = options.loginAddresses.issueDevice(login.account, login.device);
    if (token) reply.header(LOGIN_DEVICE_HEADER, token);
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

/** Documents the login device token on `POST /v1/auth/login`: the request header and the 200's header. */
export function documentLoginDevice(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const login = doc.paths?.['/v1/auth/login']?.post;
  if (!login) return doc;
  login.parameters = [
    ...(login.parameters ?? []),
    {
      name: 'RCR-Login-Device',
      in: 'header',
      required: false,
      description:
        'The `RCR-Login-Device` token an earlier successful login of this account answered to this client. A valid one gives the attempt a per-account budget of its own, at any address, so failed attempts from elsewhere cannot lock this device out; a missing, expired, altered or other account\u2019s token is ignored.',
      schema: { type: 'string', maxLength: 100 },
    },
  ];
  const ok = (login.responses as Record<string, OpenAPIV3_1.ResponseObject> | undefined)?.['200'];
  if (ok)
    ok.headers = {
      ...ok.headers,
      'RCR-Login-Device': {
        description:
          'A login device token for this account (renewed for the same device when the request sent a valid one); keep it with the client and send it on its next login. Valid as long as a known address (RATE_LIMIT_LOGIN_KNOWN_ADDRESS_DAYS); absent when that is 0.',
        schema: { type: 'string' },
      },
    };
  return doc;
}
