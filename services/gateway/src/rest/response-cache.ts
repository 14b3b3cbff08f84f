import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { RestApp } from './app-types.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RcrEvent } from '@rcr/contracts';
import {
  AfterNow,
  counter,
  type AppError,
  type EventBus,
  type Logger,
  type Subscription,
} from '@rcr/platform';
import type { RedisLinks } from '../redis-links.ts';
import type { Upstreams } from '../upstream/clients.ts';
import { CONSISTENCY_HEADER, isReadModelPath, type Watermark } from './consistency.ts';
import {
  assembleBody,
  decodeAnswer,
  encodeAnswer,
  LocalCacheTier,
  splitBody,
  type CachedAnswer,
} from './local-cache-tier.ts';

const MAX_TTL_MS = 5 * 60_000;
/** Increments the cache generation (KEYS[1]) and announces it on the channel (ARGV[1]); returns it. */
const lookups = counter(
  'rcr_cache_lookups_total',
  "Lookups in the gateway's cache of public reads, by tier (local memory, shared Redis) and result (hit, miss)",
  ['tier', 'result'],
);
const LOOKUPS = {
  local: {
    hit: lookups.with({ tier: 'local', result: 'hit' }),
    miss: lookups.with({ tier: 'local', result: 'miss' }),
  },
  shared: {
    hit: lookups.with({ tier: 'shared', result: 'hit' }),
    miss: lookups.with({ tier: 'shared', result: 'miss' }),
  },
};

const BUMP_SCRIPT = "local g = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', ARGV[1], g) return g";
/** How often each gateway re-reads the generation from Redis, in case an announcement was lost. */
const GENERATION_REREAD_MS = 1000;
/** Events that change what public reads return, and the consumer group that invalidates on them. */
const INVALIDATING = [
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'editor.registered',
  'editor.updated',
  'price.updated',
  // A review's public JSON lists its ready images (ADR 0032).
  'image.ready',
  'image.deleted',
] as const;
export const CACHE_GROUP = 'gateway-cache';

/** The header that says how an answer was served: `HIT`, `MISS`, or `STALE` (the upstream failed). */
export const CACHE_HEADER = 'X-Cache';
/** RFC 9111 §5.5 (obsoleted but widely read): the answer is stale. */
export const STALE_WARNING = '110 - "Response is Stale"';

/**
 * Whether a failed read means its upstream is down or overwhelmed (unreachable, its deadline, an open
 * circuit, a full bulkhead, its own database away): then a stale answer beats none. Not the gateway's
 * own load shedding (`OVERLOADED`): answering it from memory would hide the overload.
 */
function isOutage(err: AppError): boolean {
  return (err.kind === 'unavailable' || err.kind === 'timeout') && err.code !== 'OVERLOADED';
}

/** A miss that may be stored once answered: its key and the generation it was looked up in. */
const pending = new WeakMap<FastifyRequest, { key: string; generation: number }>();

/**
 * The read-model version an event leads to, so invalidation waits until content shows it; for an event
 * that carries no version (an editor's rename, a street price), content having applied that very event.
 */
type EventWatermark = Omit<Watermark, 'kind'> & { kind: Watermark['kind'] | 'event' };

function watermarkOf(event: RcrEvent): EventWatermark | 'skip' {
  const data = event.data as { reviewId?: string; cameraId?: string; version?: number; status?: string };
  if (event.type === 'review.updated' && data.status !== 'published') return 'skip'; // drafts are not public
  if (event.type.startsWith('review.') && data.reviewId && data.version !== undefined)
    return { kind: 'review', id: data.reviewId, version: data.version };
  if (event.type.startsWith('camera.') && data.cameraId && data.version !== undefined)
    return { kind: 'camera', id: data.cameraId, version: data.version };
  return { kind: 'event', id: event.id, version: 0 };
}

/** Whether an If-None-Match header matches an ETag (weak comparison). */
function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  return (
    header !== undefined &&
    header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
  );
}

/**
 * Whether the request asks not to be answered from a cache without going to the origin (RFC 9111
 * §5.2.1.1 and §5.2.1.4: `Cache-Control: no-cache` or `max-age=0`; `Pragma: no-cache` only when there is
 * no Cache-Control, §5.4). Such a request is answered by the read model, and that answer is stored.
 */
export function wantsFreshAnswer(headers: FastifyRequest['headers']): boolean {
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined)
    return /(?:^|,)\s*(?:no-cache|max-age\s*=\s*"?0+"?)\s*(?:,|$)/i.test(cacheControl);
  const pragma = headers.pragma;
  return typeof pragma === 'string' && /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(pragma);
}

/** Options of the public-read cache. */
export interface ResponseCacheOptions {
  upstreams: Upstreams;
  log: Logger;
  /** The Redis shared by every gateway (shared tier and generation); absent → this process only. */
  redis?: RedisLinks | undefined;
  namespace: string;
  /** Bytes of the in-memory tier. */
  localMaxBytes: number;
  /** How long the local tier is still served after the generation was last confirmed with Redis. */
  unconfirmedMaxMs: number;
  /** Bytes of last good answers kept for outages (0: none), and how long each stays usable. */
  staleMaxBytes?: number | undefined;
  staleMaxAgeMs?: number | undefined;
}

/**
 * The gateway's cache of public reads (M9, M20), in two tiers: each gateway's memory (a bounded LRU of
 * ready-to-send answers) in front of Redis, shared by every gateway. Anonymous GETs of the read-model
 * routes are kept for their `max-age` and served with `X-Cache: HIT`, `Age`, the stored ETag, and this
 * request's own `meta.requestId` and `meta.timestamp`. Every event that changes public data bumps a
 * generation number — after content has applied it (ADR 0006) — that is part of every key; the bump is
 * announced over Redis pub/sub, and each gateway also re-reads it every second, so every local tier
 * follows within milliseconds (at worst a second). A gateway that cannot confirm the generation with
 * Redis serves its local tier for at most `unconfirmedMaxMs` more, then bypasses the cache (ADR 0012).
 * A request with `Cache-Control: no-cache` (wantsFreshAnswer) is answered by the read model and refreshes
 * the entry; it is no way around the rate limit, which applies before.
 *
 * Besides, the last good answer of every URL is kept (bounded: `staleMaxBytes`, `staleMaxAgeMs`) apart
 * from the generations, so invalidation does not drop it: when content cannot answer a public read
 * (down, its deadline, its circuit open), that answer is served with `X-Cache: STALE`,
 * `Warning: 110 - "Response is Stale"` and its `Age` (ADR 0026).
 */
export class ResponseCache {
  readonly #local: LocalCacheTier;
  readonly #stale: LocalCacheTier;
  readonly #generationKey: string;
  readonly #channel: string;
  #generation = 0;
  /** When the generation was last known to be current; without Redis it always is. */
  #confirmedAt: number;
  #subscription: Subscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  /**
   * Bumps for events: each event's bump begins after the event was handled, and the events of a burst
   * share bumps (one or two for the burst, not one each).
   */
  readonly #bumps = new AfterNow(() => this.#bump());
  /**
   * Whether the read model has applied an event's version: the events handled together (a pull batch)
   * ask content in one AwaitVersions call (up to its 50 watermarks), not one call each.
   */
  readonly #applied = new DataLoader<EventWatermark, boolean>(
    async (marks) => {
      const { reached } = await this.options.upstreams.call(
        'content',
        'AwaitVersions',
        { watermarks: [...marks], timeoutMs: 3000 },
        { requestId: `cache-${randomUUID()}` },
      );
      return marks.map(() => reached);
    },
    { cache: false, maxBatchSize: 50 },
  );

  constructor(private readonly options: ResponseCacheOptions) {
    this.#local = new LocalCacheTier(options.localMaxBytes);
    this.#stale = new LocalCacheTier(options.staleMaxBytes ?? 0);
    this.#generationKey = `${options.namespace}:cache:generation`;
    this.#channel = `${options.namespace}:cache:generation`;
    this.#confirmedAt = options.redis ? 0 : Number.POSITIVE_INFINITY;
  }

  /** Serves hits before the route runs and stores fresh 200s after. */
  install(app: RestApp): void {
    // preHandler: after the route's rate limit (hits count against the budget) and input validation.
    app.addHook('preHandler', async (request, reply) => {
      if (!this.#cacheable(request)) return;
      const now = Date.now();
      reply.header(CACHE_HEADER, 'MISS');
      // Invalidations may have been missed: answer from the read model until Redis confirms again.
      if (now - this.#confirmedAt > this.options.unconfirmedMaxMs) return;
      const generation = this.#generation;
      const key = `${generation}:${request.mediaKind}:${request.url}`;
      if (wantsFreshAnswer(request.headers)) {
        pending.set(request, { key, generation });
        return;
      }
      const local = this.#local.get(key, now);
      (local ? LOOKUPS.local.hit : LOOKUPS.local.miss).inc();
      const answer = local ?? (await this.#sharedGet(key, now, request));
      if (!answer) {
        pending.set(request, { key, generation });
        return;
      }
      reply
        .header(CACHE_HEADER, 'HIT')
        .header('ETag', answer.etag)
        .header('Cache-Control', answer.cacheControl)
        .header('Age', Math.max(0, Math.floor((now - answer.storedAt) / 1000)));
      if (matchesNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
      return reply
        .type(answer.contentType)
        .send(assembleBody(answer, request.id, new Date(now).toISOString()));
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const miss = pending.get(request);
      pending.delete(request);
      // Answers read from the read model only (hits and stale answers come from what is kept already).
      if (reply.getHeader(CACHE_HEADER) !== 'MISS') return payload;
      const maxAge = /max-age=(\d+)/.exec(String(reply.getHeader('cache-control') ?? ''))?.[1];
      // Serialised answers are strings; answers passed through from upstream are bytes (ADR 0015).
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : undefined;
      if (reply.statusCode !== 200 || body === undefined || !maxAge) return payload;
      const parts = splitBody(body, request.id);
      if (!parts) return payload;
      const now = Date.now();
      const answer: CachedAnswer = {
        ...parts,
        etag: String(reply.getHeader('etag') ?? ''),
        contentType: String(reply.getHeader('content-type') ?? 'application/json'),
        cacheControl: String(reply.getHeader('cache-control')),
        storedAt: now,
        expiresAt: now + Math.min(MAX_TTL_MS, Number(maxAge) * 1000),
      };
      // The last good answer in any case; cached only while still current (one read across a
      // generation change may predate it).
      this.#keepLastGood(request, answer);
      if (!miss || miss.generation !== this.#generation) return payload;
      // A fresh answer (Cache-Control: no-cache) that matches what is held for the key: the shared tier
      // got the same bytes when that was stored, so only the local entry is refreshed, keeping the shared
      // copy's expiry, until half of it is gone. Saves a Redis write of the whole body per such request.
      const held = this.#local.get(miss.key, now);
      if (held && held.etag === answer.etag && 2 * (held.expiresAt - now) >= answer.expiresAt - now) {
        this.#local.set(miss.key, { ...answer, expiresAt: held.expiresAt });
        return payload;
      }
      this.#local.set(miss.key, answer);
      const redis = this.options.redis;
      if (redis?.up) {
        redis.commands
          .set(this.#sharedKey(miss.key), encodeAnswer(answer), 'PX', answer.expiresAt - now)
          .catch(() => undefined);
      }
      return payload;
    });
  }

  /**
   * Answers a public read whose upstream failed with its last good answer, marked stale; false when
   * there is none (or the request or failure is not one for it), and the error is answered as usual.
   */
  answerStale(request: FastifyRequest, reply: FastifyReply, err: AppError): boolean {
    if (!this.#cacheable(request) || !isOutage(err)) return false;
    const now = Date.now();
    const answer = this.#stale.get(this.#staleKey(request), now);
    if (!answer) return false;
    pending.delete(request);
    // Not to be kept by shared caches downstream: the next request should see content again.
    reply
      .code(200)
      .header(CACHE_HEADER, 'STALE')
      .header('Warning', STALE_WARNING)
      .header('Age', Math.max(0, Math.floor((now - answer.storedAt) / 1000)))
      .header('ETag', answer.etag)
      .header('Cache-Control', 'no-store');
    request.log.warn({ requestId: request.id, code: err.code, url: request.url }, 'served a stale answer');
    if (matchesNoneMatch(request.headers['if-none-match'], answer.etag)) {
      void reply.code(304).send();
      return true;
    }
    void reply.type(answer.contentType).send(assembleBody(answer, request.id, new Date(now).toISOString()));
    return true;
  }

  #staleKey(request: FastifyRequest): string {
    return `${request.mediaKind}:${request.url}`;
  }

  /** Keeps `answer` as the URL's last good one, usable for `staleMaxAgeMs` from when it was first stored. */
  #keepLastGood(request: FastifyRequest, answer: CachedAnswer): void {
    const staleMaxAgeMs = this.options.staleMaxAgeMs ?? 0;
    if (staleMaxAgeMs <= 0) return;
    this.#stale.set(this.#staleKey(request), { ...answer, expiresAt: answer.storedAt + staleMaxAgeMs });
  }

  #cacheable(request: FastifyRequest): boolean {
    return (
      request.method === 'GET' &&
      isReadModelPath(request.url) &&
      !request.headers.authorization &&
      request.headers[CONSISTENCY_HEADER] === undefined
    );
  }

  #sharedKey(key: string): string {
    return `${this.options.namespace}:cache:v3:${key}`;
  }

  /** The shared tier's entry, also kept locally; undefined when missing or Redis is away. */
  async #sharedGet(key: string, now: number, request: FastifyRequest): Promise<CachedAnswer | undefined> {
    const redis = this.options.redis;
    if (!redis?.up) return undefined;
    const bytes = await redis.commands.getBuffer(this.#sharedKey(key)).catch(() => null);
    const answer = bytes ? decodeAnswer(bytes) : undefined;
    if (!answer || answer.expiresAt <= now) {
      LOOKUPS.shared.miss.inc();
      return undefined;
    }
    LOOKUPS.shared.hit.inc();
    this.#local.set(key, answer);
    this.#keepLastGood(request, answer);
    return answer;
  }

  /** Takes a generation as current; a new one empties the local tier. */
  #adopt(generation: number, confirmed: boolean): void {
    const now = Date.now();
    // After a gap long enough that the local tier stopped being served, it may hold stale answers.
    if (generation !== this.#generation || now - this.#confirmedAt > this.options.unconfirmedMaxMs) {
      this.#local.clear();
    }
    this.#generation = generation;
    if (confirmed) this.#confirmedAt = now;
  }

  /** Reads the generation from Redis (the safety net for lost announcements). */
  async #reread(): Promise<void> {
    const redis = this.options.redis;
    if (!redis?.up) return;
    const value = await redis.commands.get(this.#generationKey).catch(() => undefined);
    if (value === undefined) return;
    const wasCutOff = this.#confirmedAt > 0 && Date.now() - this.#confirmedAt > this.options.unconfirmedMaxMs;
    this.#adopt(Number(value ?? 0), true);
    // Back after an outage: invalidations may have been lost meanwhile (the bus dead-letters an event
    // after a few failed deliveries), so every cached answer, on every gateway, is dropped once.
    if (wasCutOff) await this.#bump().catch(() => undefined);
  }

  /**
   * Makes every cached answer unreachable, on every gateway: the generation is incremented and announced
   * in one Redis command (a script), so one round trip.
   */
  async #bump(): Promise<void> {
    const redis = this.options.redis;
    if (!redis) {
      this.#adopt(this.#generation + 1, false);
      return;
    }
    // While Redis is away this throws and the bus delivers the event again later.
    const generation = await redis.commands.eval(BUMP_SCRIPT, 1, this.#generationKey, this.#channel);
    this.#adopt(Number(generation), true);
  }

  /** Follows the generation (announcements and re-reads) and invalidates on events (one gateway per event). */
  async start(bus: EventBus): Promise<void> {
    const redis = this.options.redis;
    if (redis) {
      redis.subscriber.on('message', (channel: string, message: string) => {
        const generation = Number(message);
        if (channel === this.#channel && Number.isSafeInteger(generation) && generation > this.#generation)
          this.#adopt(generation, true);
      });
      // After every (re)connection, announcements may have been missed: read the generation at once.
      redis.subscriber.on('ready', () => void this.#reread());
      redis.commands.on('ready', () => void this.#reread());
      await redis.subscriber.subscribe(this.#channel).catch((err: Error) => {
        this.options.log.warn({ err: err.message }, 'cache generation channel not subscribed yet');
      });
      await this.#reread();
      this.#timer = setInterval(() => void this.#reread(), GENERATION_REREAD_MS).unref();
    }
    this.#subscription = await bus.subscribe({
      group: CACHE_GROUP,
      types: INVALIDATING,
      handler: async (event) => {
        const mark = watermarkOf(event);
        if (mark === 'skip') return;
        const reached = await this.#applied.load(mark);
        if (!reached)
          this.options.log.warn(
            { event: event.type, subject: event.subject },
            'read model did not catch up; invalidating anyway',
          );
        await this.#bumps.run();
      },
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#subscription?.close();
  }
}
