import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, type KeyValueStore } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import { peekActor } from './deps.ts';
import { sendProblem } from './http.ts';

/** What is kept under an Idempotency-Key. */
type Record =
  | { state: 'in-flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; headers: { [name: string]: string }; body: string };

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'rcr-consistency-token'];
/** How long a key stays claimed by a request that has not finished (a crashed one frees it after this). */
const IN_FLIGHT_MS = 60_000;

const claimed = new WeakMap<FastifyRequest, { storeKey: string; fingerprint: string }>();

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
 * `Idempotency-Key` on POST (API.md): the first response to a key is stored (per caller) and replayed for
 * the same key and body; the same key with a different body is 422; while the first request is still
 * running, 409. A 5xx is not stored, so the client may retry. Keys live `ttlHours`. Routes whose answers
 * carry credentials (login, refresh) ignore the header. When the store cannot be reached, a POST with the
 * header is 503 with `Retry-After` (without the header it is served as usual).
 */
export function installIdempotency(
  app: RestApp,
  options: { kv: KeyValueStore; verifier: TokenVerifier; ttlHours: number },
) {
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
    const claim: Record = { state: 'in-flight', fingerprint };
    let existing: string | undefined;
    try {
      if (await kv.set(storeKey, JSON.stringify(claim), { onlyIfAbsent: true, ttlMs: IN_FLIGHT_MS })) {
        claimed.set(request, { storeKey, fingerprint });
        return;
      }
      existing = await kv.get(storeKey);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      // Without the record the request could run twice; the client retries (or sends it without a key).
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
    // The claim then expires after IN_FLIGHT_MS, answering 409 to a retry until then.
    await kv
      .set(claim.storeKey, JSON.stringify(done), { ttlMs: options.ttlHours * 3_600_000 })
      .catch((err: unknown) =>
        request.log.warn({ err, requestId: request.id }, 'Idempotency-Key record not stored'),
      );
    return payload;
  });
}
