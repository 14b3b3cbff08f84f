import type { Redis } from 'ioredis';
import type { Logger } from '@rcr/platform';

/** A key's count in the current window and the milliseconds until the window ends. */
export interface WindowCount {
  current: number;
  ttl: number;
}

/** One key's count in one fixed window (windows are aligned to the clock, so every gateway agrees). */
interface Counter {
  readonly windowMs: number;
  readonly window: number;
  /** The highest shared total Redis has answered for this window (it includes our pushed requests). */
  known: number;
  /** Requests being pushed right now. */
  inFlight: number;
  /** Requests counted here and not pushed yet. */
  pending: number;
}

/** The options of the counters. */
export interface RateLimitCountersOptions {
  /** Redis shared by every gateway; absent → the counts of this process only. */
  redis?: Redis | undefined;
  /** Prefix of the Redis keys (`<namespace>:rate-limit:`). */
  prefix: string;
  /** How often pending requests are pushed and shared totals read back. */
  syncIntervalMs: number;
  /** Most keys held in memory; past it the oldest-created one is forgotten. */
  maxKeys?: number;
  log: Logger;
}

/** Keys pushed in one batch; the rest wait for the next tick. */
const BATCH = 2000;
/** Redis keeps a window's key this long after the window ends (clock skew between gateways). */
const EXPIRY_SLACK_MS = 5000;

/**
 * Request counters in fixed windows, kept in this process and shared through Redis in batches: `hit`
 * counts without any I/O (the answer is the last shared total plus what this gateway has not pushed
 * yet), and every `syncIntervalMs` the pending counts are added to Redis (`INCRBY`), whose answers
 * bring in the other gateways' requests. Limits are therefore shared with a lag of about one interval.
 * `hitExact` pushes at once and waits (for low-volume, security-relevant limits such as logins). When
 * Redis is unreachable nothing fails: the local counts alone limit, and what was not pushed is pushed
 * when Redis is back (within the same window).
 */
export class RateLimitCounters {
  readonly #counters = new Map<string, Counter>();
  /** Keys with pending requests. */
  readonly #dirty = new Set<string>();
  readonly #maxKeys: number;
  #timer: NodeJS.Timeout | undefined;
  #syncing = false;

  constructor(private readonly options: RateLimitCountersOptions) {
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Starts the periodic push (only with Redis). */
  start(): void {
    if (!this.options.redis || this.#timer) return;
    this.#timer = setInterval(() => void this.sync(), this.options.syncIntervalMs).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Counts one request for `key` here, without I/O. */
  hit(key: string, windowMs: number): WindowCount {
    const counter = this.#counter(key, windowMs);
    counter.pending += 1;
    if (this.options.redis) this.#dirty.add(key);
    return this.#count(counter);
  }

  /**
   * Counts one request for `key` in Redis and waits for the shared total (one round trip), so every
   * gateway counts it exactly. While Redis is away the request is counted here, as `hit` does.
   */
  async hitExact(key: string, windowMs: number): Promise<WindowCount> {
    const counter = this.#counter(key, windowMs);
    counter.pending += 1;
    if (!this.#redisUp()) {
      if (this.options.redis) this.#dirty.add(key);
      return this.#count(counter);
    }
    this.#dirty.delete(key);
    await this.#push([[key, counter]]);
    return this.#count(counter);
  }

  /** Pushes every pending count to Redis and takes in the totals it answers (the periodic tick). */
  async sync(): Promise<void> {
    if (this.#syncing || !this.#redisUp() || this.#dirty.size === 0) return;
    this.#syncing = true;
    try {
      const batch: [string, Counter][] = [];
      const now = Date.now();
      for (const key of this.#dirty) {
        this.#dirty.delete(key);
        const counter = this.#counters.get(key);
        // Counts of a window that has ended no longer matter to anyone.
        if (counter && counter.window === Math.floor(now / counter.windowMs)) batch.push([key, counter]);
        if (batch.length >= BATCH) break;
      }
      await this.#push(batch);
    } finally {
      this.#syncing = false;
    }
  }

  /** Adds the pending counts of `batch` to Redis; on failure they stay pending for the next attempt. */
  async #push(batch: [string, Counter][]): Promise<void> {
    const redis = this.options.redis;
    if (!redis || batch.length === 0) return;
    const sent: [string, Counter, number][] = [];
    const pipeline = redis.pipeline();
    for (const [key, counter] of batch) {
      const n = counter.pending;
      if (n === 0) continue;
      counter.pending = 0;
      counter.inFlight += n;
      sent.push([key, counter, n]);
      const redisKey = `${this.options.prefix}${key}:${counter.window}`;
      pipeline.incrby(redisKey, n);
      pipeline.pexpireat(redisKey, (counter.window + 1) * counter.windowMs + EXPIRY_SLACK_MS);
    }
    let replies: [Error | null, unknown][] | null = null;
    try {
      replies = await pipeline.exec();
    } catch (err) {
      this.options.log.debug({ err: (err as Error).message }, 'rate-limit counters not pushed');
    }
    sent.forEach(([key, counter, n], i) => {
      counter.inFlight -= n;
      const [error, total] = replies?.[i * 2] ?? [new Error('no reply'), undefined];
      if (!error && typeof total === 'number') {
        counter.known = Math.max(counter.known, total);
      } else {
        // Not counted in Redis (or unknown): keep it here and try again; over-counting errs on the safe side.
        counter.pending += n;
        this.#dirty.add(key);
      }
    });
  }

  #redisUp(): boolean {
    return this.options.redis?.status === 'ready';
  }

  /** The counter of `key` in the current window, created (and the map bounded) when it is new. */
  #counter(key: string, windowMs: number): Counter {
    const window = Math.floor(Date.now() / windowMs);
    let counter = this.#counters.get(key);
    if (counter?.window !== window || counter.windowMs !== windowMs) {
      counter = { windowMs, window, known: 0, inFlight: 0, pending: 0 };
      // Re-inserting keeps the map ordered by creation, so the oldest (often ended) windows go first.
      this.#counters.delete(key);
      this.#counters.set(key, counter);
      for (const oldest of this.#counters.keys()) {
        if (this.#counters.size <= this.#maxKeys) break;
        this.#counters.delete(oldest);
        this.#dirty.delete(oldest);
      }
    }
    return counter;
  }

  #count(counter: Counter): WindowCount {
    return {
      current: counter.known + counter.inFlight + counter.pending,
      ttl: (counter.window + 1) * counter.windowMs - Date.now(),
    };
  }
}
