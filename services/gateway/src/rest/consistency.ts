import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { OpenAPIV3_1 } from 'openapi-types';
import { errors } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { Upstreams } from '../upstream/clients.ts';
import type { RestApp } from './app-types.ts';
import { actorOf } from './deps.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs the consistency tokens writes answer with (see setConsistencyToken). */
    consistencyTokens: ConsistencyTokens;
  }
}

/** The header writes answer with and reads may send back (M34). */
export const CONSISTENCY_HEADER = 'rcr-consistency-token';
/** The header a read of the read model that sent a token answers with: what became of the token. */
export const CONSISTENCY_STATE_HEADER = 'RCR-Consistency';
/** What `RCR-Consistency` says. */
export type ConsistencyState = 'reached' | 'timeout' | 'ignored' | 'expired';

/** How long after the write a token is honoured. */
export const TOKEN_TTL_SECONDS = 5 * 60;
/** Most watermarks one token may carry (a write produces one). */
export const MAX_TOKEN_WATERMARKS = 8;
/** Longest a read is held waiting for the read model. */
export const MAX_WAIT_MS = 2000;
/** Longest token accepted; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 2048;
const AUDIENCE = 'rcr-consistency';
const TOKEN_TYPE = 'rcr-consistency+jwt';

/** Operations whose answer carries `RCR-Consistency-Token` (the callers of setConsistencyToken). */
export const TOKEN_ISSUING_OPERATIONS = [
  'createCamera',
  'putCamera',
  'updateCamera',
  'replaceReview',
  'updateReview',
  'publishReview',
  'unpublishReview',
] as const;

/** A version of one read-model entity that a write produced. */
export interface Watermark {
  kind: 'review' | 'camera';
  id: string;
  version: number;
}

/** A token that passed its signature check: still valid (whose write, which versions) or expired. */
export type CheckedToken = { state: 'valid'; writer: string; watermarks: Watermark[] } | { state: 'expired' };

/** A fresh key for `RCR_CONSISTENCY_KEY`: 32 random bytes, base64url. */
export function generateConsistencyKey(): string {
  return randomBytes(32).toString('base64url');
}

function invalidToken(message = 'the consistency token is not valid') {
  return errors.invalid('CONSISTENCY_TOKEN_INVALID', message, [
    { field: 'RCR-Consistency-Token', message: 'send back the value a write of yours returned' },
  ]);
}

function parseWatermarks(raw: unknown): Watermark[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_TOKEN_WATERMARKS) return undefined;
  const marks: Watermark[] = [];
  for (const item of raw as unknown[]) {
    if (!Array.isArray(item) || item.length !== 3) return undefined;
    const [k, id, version] = item as unknown[];
    if ((k !== 'r' && k !== 'c') || typeof id !== 'string' || id.length === 0 || id.length > 200)
      return undefined;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return undefined;
    marks.push({ kind: k === 'r' ? 'review' : 'camera', id, version });
  }
  return marks;
}

/**
 * Read-your-writes tokens: a JWT (HMAC-SHA256) naming the writer (`sub`), the versions the write produced
 * (`w`) and an expiry. Keys come from `RCR_CONSISTENCY_KEY` (comma-separated; the first signs, every one
 * verifies, so keys can be rotated), each picked by its `kid`, so every gateway sharing them accepts the
 * tokens of the others.
 */
export class ConsistencyTokens {
  readonly #keys = new Map<string, Uint8Array>();
  readonly #signingKid: string;
  /** The encoded protected header of the tokens this gateway signs. */
  readonly #header: string;

  constructor(keyList: string) {
    const keys = keyList
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean)
      .map((key) => Buffer.from(key, 'base64url'));
    if (keys.length === 0 || keys.some((key) => key.length < 32))
      throw new Error('consistency keys must be base64url and at least 32 bytes each');
    for (const key of keys)
      this.#keys.set(createHash('sha256').update(key).digest('base64url').slice(0, 12), key);
    this.#signingKid = [...this.#keys.keys()][0] as string;
    this.#header = Buffer.from(
      JSON.stringify({ alg: 'HS256', kid: this.#signingKid, typ: TOKEN_TYPE }),
    ).toString('base64url');
  }

  /**
   * Keys for another purpose of the same secret (e.g. login device tokens), one per configured key in the
   * same order (the first signs): HMAC-SHA256 of `label` under each, so no token of one kind verifies as
   * the other and the operator keeps one secret.
   */
  derivedKeys(label: string): Buffer[] {
    return [...this.#keys.values()].map((key) => createHmac('sha256', key).update(label).digest());
  }

  /**
   * A token for `writer`'s write that produced `watermarks`, valid for TOKEN_TTL_SECONDS from `now`.
   * Signed with node:crypto's HMAC at once (a compact JWS, as jose would make it): every write that
   * issues one pays for it, and WebCrypto's asynchronous signing costs many times more.
   */
  issue(writer: string, watermarks: Watermark[], now = Date.now()): string {
    if (watermarks.length === 0 || watermarks.length > MAX_TOKEN_WATERMARKS)
      throw new Error(`a consistency token carries 1–${MAX_TOKEN_WATERMARKS} watermarks`);
    const issuedAt = Math.floor(now / 1000);
    const claims = {
      w: watermarks.map((w) => [w.kind === 'review' ? 'r' : 'c', w.id, w.version]),
      sub: writer,
      aud: AUDIENCE,
      iat: issuedAt,
      exp: issuedAt + TOKEN_TTL_SECONDS,
    };
    const signingInput = `${this.#header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createHmac('sha256', this.#keys.get(this.#signingKid) as Uint8Array)
      .update(signingInput)
      .digest('base64url');
    return `${signingInput}.${signature}`;
  }

  /**
   * Checks a token's signature (CONSISTENCY_TOKEN_INVALID when it is not one a gateway signed, or was
   * changed), then its expiry.
   */
  async check(token: string): Promise<CheckedToken> {
    if (token.length > MAX_TOKEN_LENGTH) throw invalidToken();
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw invalidToken();
    }
    const key = kid === undefined ? undefined : this.#keys.get(kid);
    if (!key) throw invalidToken();
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'exp'],
      });
      const watermarks = parseWatermarks(payload.w);
      if (!watermarks || !payload.sub) throw invalidToken();
      return { state: 'valid', writer: payload.sub, watermarks };
    } catch (err) {
      // jose checks the expiry only after the signature: an expired token is still one of ours.
      if (err instanceof joseErrors.JWTExpired) return { state: 'expired' };
      throw invalidToken();
    }
  }
}

/** Puts a consistency token on a write's answer: the versions the read model must reach, for `writer`. */
export async function setConsistencyToken(
  reply: FastifyReply,
  writer: string,
  watermarks: Watermark[],
): Promise<void> {
  reply.header('RCR-Consistency-Token', reply.server.consistencyTokens.issue(writer, watermarks));
}

/** Paths served by the eventually consistent read model. */
export const isReadModelPath = (url: string) =>
  url.startsWith('/v1/content') || url.startsWith('/v1/cameras') || url.startsWith('/v1/comparisons');

/**
 * Read-your-writes: a read of the read model that carries a consistency token is first checked — a token
 * no gateway signed is a 400 — and then honoured only for its writer: the read waits (at most
 * `maxWaitMs`) until content has applied those versions, so an editor sees their own change at once.
 * `RCR-Consistency` says `reached` or `timeout`; a token of another caller or sent anonymously is
 * `ignored`, an old one `expired`, and such a read is served as if it had sent none (from the cache
 * where that applies) — only its writer can make a read wait.
 */
export function installConsistency(
  app: RestApp,
  options: { upstreams: Upstreams; verifier: TokenVerifier; tokens: ConsistencyTokens; maxWaitMs?: number },
) {
  app.decorate('consistencyTokens', options.tokens);
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (
      request.headers[CONSISTENCY_HEADER] === undefined ||
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      !isReadModelPath(request.url)
    )
      return;
    await honourConsistencyToken(request, reply, options);
  });
}

/**
 * The read-your-writes step of one read that may carry a consistency token (see installConsistency); the
 * GraphQL endpoint runs it too, before its operation.
 */
export async function honourConsistencyToken(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { upstreams: Upstreams; verifier: TokenVerifier; tokens: ConsistencyTokens; maxWaitMs?: number },
): Promise<void> {
  const sent = request.headers[CONSISTENCY_HEADER];
  if (sent === undefined) return;
  const maxWaitMs = Math.min(options.maxWaitMs ?? MAX_WAIT_MS, MAX_WAIT_MS);
  const token = await options.tokens.check(typeof sent === 'string' ? sent : '');
  const reader = await actorOf(request, options.verifier).catch(() => undefined);
  const honoured = token.state === 'valid' && reader !== undefined && reader.id === token.writer;
  if (!honoured) {
    reply.header(CONSISTENCY_STATE_HEADER, token.state === 'expired' ? 'expired' : 'ignored');
    // Dropped at the edge, so nothing after this (the public cache) treats the read differently.
    delete request.headers[CONSISTENCY_HEADER];
    return;
  }
  const { reached } = await options.upstreams.call(
    'content',
    'AwaitVersions',
    { watermarks: token.watermarks, timeoutMs: maxWaitMs },
    { requestId: request.id },
  );
  reply.header(CONSISTENCY_STATE_HEADER, reached ? 'reached' : 'timeout');
}

const TOKEN_PARAMETER: OpenAPIV3_1.ParameterObject = {
  name: 'RCR-Consistency-Token',
  in: 'header',
  required: false,
  description:
    'Read-your-writes: the `RCR-Consistency-Token` one of your own writes answered. Sent by its writer (same bearer token), the read first waits (at most 2 s) until the read model shows that write. A token no gateway signed, or one that was altered, is 400 `CONSISTENCY_TOKEN_INVALID`; a token of another caller, or sent without authentication, is ignored; tokens expire 5 minutes after the write.',
  schema: { type: 'string', maxLength: MAX_TOKEN_LENGTH },
};

const STATE_HEADER: OpenAPIV3_1.HeaderObject = {
  description:
    'Only when the request sent `RCR-Consistency-Token`: `reached` (the read model shows the write), `timeout` (it did not within 2 s, or content is too busy to wait; the answer may predate the write), `ignored` (the token is not the caller’s, or the request is anonymous; served as without it), `expired` (older than 5 minutes; served as without it).',
  schema: { type: 'string', enum: ['reached', 'timeout', 'ignored', 'expired'] },
};

const ISSUED_HEADER: OpenAPIV3_1.HeaderObject = {
  description:
    'Read-your-writes token (expires after 5 minutes; edits of a review only while it is published): send it back as `RCR-Consistency-Token`, with the same bearer token, on a read of `/v1/content…`, `/v1/cameras…` or `/v1/comparisons` to see this write there at once.',
  schema: { type: 'string' },
};

/**
 * Documents read-your-writes in the OpenAPI document: the token header and `RCR-Consistency` on every
 * read of the read model (and its 400), `RCR-Consistency-Token` on the writes that issue one.
 */
export function documentConsistency(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const problem = { $ref: '#/components/schemas/Problem' };
  const issuing = new Set<string>(TOKEN_ISSUING_OPERATIONS);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}) as [string, OpenAPIV3_1.OperationObject][]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      const responses = operation.responses as Record<string, OpenAPIV3_1.ResponseObject>;
      if (method === 'get' && isReadModelPath(path)) {
        operation.parameters = [...(operation.parameters ?? []), TOKEN_PARAMETER];
        const ok = responses['200'];
        if (ok) ok.headers = { ...ok.headers, [CONSISTENCY_STATE_HEADER]: STATE_HEADER };
        responses['400'] ??= {
          description: 'Bad request (e.g. CONSISTENCY_TOKEN_INVALID)',
          content: { 'application/problem+json': { schema: problem } },
        };
      }
      if (operation.operationId && issuing.has(operation.operationId)) {
        for (const status of ['200', '201']) {
          const answer = responses[status];
          if (answer) answer.headers = { ...answer.headers, 'RCR-Consistency-Token': ISSUED_HEADER };
        }
      }
    }
  }
  return doc;
}
