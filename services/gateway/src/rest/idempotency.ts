import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, type IdempotencyKey, type KeyValueStore } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import { peekActor } from './deps.ts';
import { sendProblem } from './http.ts';

/** What is kept under an Idempotency-Key. */
type Record =
  | { state: 'in-flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; headers: { [name: string]: string }; body: string };

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'rcr-consistency-token'];
const claimed = new WeakMap<FastifyRequest, { storeKey: string; fingerprint: string }>();
const keys = new WeakMap<FastifyRequest, IdempotencyKey>();

/**
 * The request's Idempotency-Key as it travels to the owning service (hashed, with the request's
 * fingerprint), which records it in the same transaction as the write: the service, not this fast path,
 * is what guarantees that a retry does not write twice.
 */
export function idempotencyKeyOf(request: FastifyRequest): IdempotencyKey | undefined {
  return keys.get(request);
}

/**
 * The OpenAPI extension a route sets (`'x-idempotency-key': 'ignored'`) when its answer carries
 * credentials: the header is then ignored, so no token is ever stored for a replay.
 */
export const IGNORES_IDEMPOTENCY_KEY = { 'x-idempotency-key': 'ignored' } as const;
/** Seconds a client is asked to wait when the Idempotency-Key records cannot be reached. */
const RETRY_AFTER_S = 2;

/** Whether the route says its answers must never be stored for replay. */
function ignoresKey(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema as { 'x-idempotency-key'?: string } | undefined;
  return schema?.['x-idempotency-key'] === IGNORES_IDEMPOTENCY_KEY['x-idempotency-key'];
}

/** Whether an error means the key-value store is out of reach. */
const isUnreachable = (err: unknown) => err instanceof AppError && err.kind === 'unavailable';

/**
 * `Idempotency-Key` on POST (API.md). The key (with the caller) travels to the owning service, which
 * records it with the write and returns the first result to any retry — whichever gateway receives it,
 * however long the first attempt took. This hook is the fast path in front of that: the first response is
 * kept in the shared store and replayed (`Idempotent-Replayed: true`); the same key with a different body
 * is 422; while the first request runs, 409 — for at most `claimMs` (a little longer than the upstream
 * deadline), so a gateway that died mid-request holds a key only briefly. A 5xx is not stored. Keys live
 * `ttlHours`. Routes whose answers carry credentials (login, refresh) ignore the header. When the store
 * cannot be reached, an authenticated POST goes on without the fast path (the service still guarantees
 * it); an anonymous one is 503 with `Retry-After`.
 */
export function installIdempotency(
  app: RestApp,
  options: { kv: KeyValueStore; verifier: TokenVerifier; ttlHours: number; claimMs?: number },
) {
  const claimMs = options.claimMs ?? 5000;
  const { kv } = options;

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || ignoresKey(request)) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      return sendProblem(
        request,
        reply,
        400,
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1–255 visible ASCII characters',
        [{ field: 'Idempotency-Key', message: 'invalid' }],
      );
    }
    const actor = await peekActor(request, options.verifier);
    const scope = actor ? `account:${actor.id}` : `ip:${request.ip}`;
    const storeKey = `idempotency:${scope}:${createHash('sha256').update(key).digest('base64url')}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');
    keys.set(request, { key: createHash('sha256').update(key).digest('base64url'), fingerprint });
    const claim: Record = { state: 'in-flight', fingerprint };
    let existing: string | undefined;
    try {
      if (await kv.set(storeKey, JSON.stringify(claim), { onlyIfAbsent: true, ttlMs: claimMs })) {
        claimed.set(request, { storeKey, fingerprint });
        return;
      }
      existing = await kv.get(storeKey);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      // The owning service records the key with the write: an authenticated write is still safe.
      if (actor) return;
      // An anonymous one has no such record: the client retries (or sends it without a key).
      reply.header('Retry-After', RETRY_AFTER_S);
      return sendProblem(
        request,
        reply,
        503,
        'IDEMPOTENCY_UNAVAILABLE',
        'Idempotency-Key records cannot be reached right now; retry shortly',
      );
    }
    if (!existing) {
      // Expired between the two calls: treat as a conflict the client may retry at once.
      return sendProblem(request, reply, 409, 'IDEMPOTENCY_KEY_IN_USE', 'retry the request');
    }
    const record = JSON.parse(existing) as Record;
    if (record.fingerprint !== fingerprint) {
      return sendProblem(
        request,
        reply,
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used with a different request',
      );
    }
    if (record.state === 'in-flight') {
      return sendProblem(
        request,
        reply,
        409,
        'IDEMPOTENCY_KEY_IN_USE',
        'a request with this Idempotency-Key is still being processed',
      );
    }
    for (const [name, value] of Object.entries(record.headers)) reply.header(name, value);
    reply.header('Idempotent-Replayed', 'true');
    return reply.code(record.status).send(record.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claimed.get(request);
    if (!claim) return payload;
    claimed.delete(request);
    if (reply.statusCode >= 500) {
      await kv.delete(claim.storeKey).catch(() => undefined);
      return payload;
    }
    const headers: { [name: string]: string } = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const body = typeof payload === 'string' ? payload : '';
    const done: Record = {
      state: 'done',
      fingerprint: claim.fingerprint,
      status: reply.statusCode,
      headers,
      body,
    };
    // The work is done: losing the record (store unreachable) must not turn the answer into an error.
    // The claim then expires after claimMs; a retry then reaches the service, which replays the result.
    await kv
      .set(claim.storeKey, JSON.stringify(done), { ttlMs: options.ttlHours * 3_600_000 })
      .catch((err: unknown) =>
        request.log.warn({ err, requestId: request.id }, 'Idempotency-Key record not stored'),
      );
    return payload;
  });
}
