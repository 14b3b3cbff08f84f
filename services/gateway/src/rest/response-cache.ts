import type { RestApp } from './app-types.ts';
import type { FastifyRequest } from 'fastify';
import type { RcrEvent } from '@rcr/contracts';
import type { EventBus, KeyValueStore, Logger, Subscription } from '@rcr/platform';
import type { Upstreams } from '../upstream/clients.ts';
import { CONSISTENCY_HEADER, isReadModelPath, type Watermark } from './consistency.ts';

/** A cached public answer. */
interface Entry {
  etag: string;
  contentType: string;
  cacheControl: string;
  body: string;
}

const GENERATION = 'cache:generation';
const MAX_TTL_MS = 5 * 60_000;
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
] as const;
export const CACHE_GROUP = 'gateway-cache';

const pending = new WeakMap<FastifyRequest, string>();

/** The read-model version an event leads to, so invalidation waits until content shows it. */
function watermarkOf(event: RcrEvent): Watermark | null | 'skip' {
  const data = event.data as { reviewId?: string; cameraId?: string; version?: number; status?: string };
  if (event.type === 'review.updated' && data.status !== 'published') return 'skip'; // drafts are not public
  if (event.type.startsWith('review.') && data.reviewId && data.version !== undefined)
    return { kind: 'review', id: data.reviewId, version: data.version };
  if (event.type.startsWith('camera.') && data.cameraId && data.version !== undefined)
    return { kind: 'camera', id: data.cameraId, version: data.version };
  return null;
}

/**
 * The gateway's cache of public reads (M9, M20): anonymous GET/HEAD answers of the read-model routes are
 * kept in the key-value store (memory in embedded mode, Redis shared by every gateway in distributed
 * mode) for their `max-age`, and served with `X-Cache: HIT`. Every event that changes public data bumps a
 * generation number that is part of each key — after content has applied the event — so a published
 * edit is visible in the next read without waiting for expiry.
 */
export class ResponseCache {
  #subscription: Subscription | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly upstreams: Upstreams,
    private readonly log: Logger,
  ) {}

  /** Serves hits before the route runs and stores fresh 200s after. */
  install(app: RestApp): void {
    // preHandler: after the route's rate limit (hits count against the budget) and input validation.
    app.addHook('preHandler', async (request, reply) => {
      if (!this.#cacheable(request)) return;
      const key = `cache:${(await this.kv.get(GENERATION).catch(() => undefined)) ?? '0'}:${request.mediaKind}:${request.url}`;
      const hit = await this.kv.get(key).catch(() => undefined);
      if (!hit) {
        pending.set(request, key);
        reply.header('X-Cache', 'MISS');
        return;
      }
      const entry = JSON.parse(hit) as Entry;
      reply.header('X-Cache', 'HIT').header('ETag', entry.etag).header('Cache-Control', entry.cacheControl);
      const inm = request.headers['if-none-match'];
      if (
        inm &&
        inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag || t.trim() === '*')
      ) {
        return reply.code(304).send();
      }
      return reply.type(entry.contentType).send(entry.body);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const key = pending.get(request);
      if (!key) return payload;
      pending.delete(request);
      const maxAge = /max-age=(\d+)/.exec(String(reply.getHeader('cache-control') ?? ''))?.[1];
      if (reply.statusCode !== 200 || typeof payload !== 'string' || !maxAge) return payload;
      const entry: Entry = {
        etag: String(reply.getHeader('etag') ?? ''),
        contentType: String(reply.getHeader('content-type') ?? 'application/json'),
        cacheControl: String(reply.getHeader('cache-control')),
        body: payload,
      };
      await this.kv
        .set(key, JSON.stringify(entry), { ttlMs: Math.min(MAX_TTL_MS, Number(maxAge) * 1000) })
        .catch(() => undefined);
      return payload;
    });
  }

  #cacheable(request: FastifyRequest): boolean {
    return (
      request.method === 'GET' &&
      isReadModelPath(request.url) &&
      !request.headers.authorization &&
      request.headers[CONSISTENCY_HEADER] === undefined
    );
  }

  /** Starts invalidating on events (one gateway per event: the group is shared). */
  async start(bus: EventBus): Promise<void> {
    this.#subscription = await bus.subscribe({
      group: CACHE_GROUP,
      types: INVALIDATING,
      handler: async (event) => {
        const mark = watermarkOf(event);
        if (mark === 'skip') return;
        if (mark) {
          const { reached } = await this.upstreams.call(
            'content',
            'AwaitVersions',
            { watermarks: [mark], timeoutMs: 3000 },
            { requestId: `cache-${event.id}` },
          );
          if (!reached)
            this.log.warn(
              { event: event.type, subject: event.subject },
              'read model did not catch up; invalidating anyway',
            );
        }
        await this.kv.increment(GENERATION);
      },
    });
  }

  async close(): Promise<void> {
    await this.#subscription?.close();
  }
}
