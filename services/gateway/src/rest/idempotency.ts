import type { RestApp } from './app-types.ts';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type IdempotencyKey, type KeyValueStore } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import { peekActor } from './deps.ts';
import { sendProblem } from './http.ts';

/** What is kept under an Idempotency-Key. */
type Record = { state: 'in-flight'; fingerprint: string } | Done;
/** A finished request's answer, replayed to a retry with the same fingerprint. */
interface Done {
  state: 'done';
  fingerprint: string;
  status: number;
  headers: { [name: string]: string };
  body: string;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'rcr-consistency-token'];
const claimed = new WeakMap<FastifyRequest, { storeKey: string; fingerprint: string }>();
const keys = new WeakMap<FastifyRequest, IdempotencyKey>();
/** Streamed-body requests: what the handler read (its digest), and a finished answer it must match. */
const streamedDigests = new WeakMap<FastifyRequest, string>();
const awaitingBody = new WeakMap<FastifyRequest, Done>();

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
/**
 * The OpenAPI extension a route sets when its body is a stream its handler reads (a multipart upload):
 * `request.body` says nothing of it, so the request is fingerprinted by the digest the handler reports
 * (`recordStreamedBody`) once it has read it. A retry of a finished request is compared the same way:
 * the handler reads (not stores) the body and answers with `answerStreamedRetry`. Only a 2xx answer is
 * kept (an upload refused part-way was not read to the end, so nothing could be compared with it).
 */
export const FINGERPRINTS_STREAMED_BODY = { 'x-idempotency-fingerprint': 'streamed-body' } as const;

/** Whether the route's body is a stream its handler fingerprints. */
function streamsBody(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema as { 'x-idempotency-fingerprint'?: string } | undefined;
  return schema?.['x-idempotency-fingerprint'] === FINGERPRINTS_STREAMED_BODY['x-idempotency-fingerprint'];
}

/** The fingerprint of a request: its method, URL and body (as parsed, or a streamed body's digest). */
function fingerprintOf(request: FastifyRequest, body: string): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('base64url');
}

/**
 * The finished answer a streamed-body request retries under its Idempotency-Key, if any: the handler
 * then reads the body without acting on it and calls `answerStreamedRetry` with its digest.
 */
export function streamedRetryOf(request: FastifyRequest): Done | undefined {
  return awaitingBody.get(request);
}

/** A streamed-body handler reports the digest of what it read, when it has read all of it. */
export function recordStreamedBody(request: FastifyRequest, digest: string): void {
  streamedDigests.set(request, digest);
}

/** Answers a streamed-body retry: the first answer when the body is the same, 422 when it is not. */
export function answerStreamedRetry(
  request: FastifyRequest,
  reply: FastifyReply,
  done: Done,
  digest: string,
): FastifyReply {
  if (done.fingerprint !== fingerprintOf(request, digest)) return reused(request, reply);
  return replay(reply, done);
}

function reused(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    request,
    reply,
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'this Idempotency-Key was used with a different request',
  );
}

function replay(reply: FastifyReply, done: Done): FastifyReply {
  for (const [name, value] of Object.entries(done.headers)) reply.header(name, value);
  reply.header('Idempotent-Replayed', 'true');
  return reply.code(done.status).send(done.body);
}

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
    const streamed = streamsBody(request);
    // A streamed body's fingerprint is known once the handler has read it (see onSend).
    const fingerprint = streamed ? 'streamed' : fingerprintOf(request, JSON.stringify(request.body ?? null));
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
    if (streamed && record.state === 'done') {
      // Same request or not is known once the handler has read the body.
      awaitingBody.set(request, record);
      return;
    }
    if (!streamed && record.fingerprint !== fingerprint) return reused(request, reply);
    if (record.state === 'in-flight') {
      return sendProblem(
        request,
        reply,
        409,
        'IDEMPOTENCY_KEY_IN_USE',
        'a request with this Idempotency-Key is still being processed',
      );
    }
    return replay(reply, record);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claimed.get(request);
    if (!claim) return payload;
    claimed.delete(request);
    const digest = streamedDigests.get(request);
    const streamed = claim.fingerprint === 'streamed';
    if (reply.statusCode >= 500 || (streamed && (digest === undefined || reply.statusCode >= 300))) {
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
      fingerprint: streamed ? fingerprintOf(request, digest as string) : claim.fingerprint,
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
