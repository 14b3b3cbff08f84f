import type { Redis } from 'ioredis';
import type { Logger } from '@rcr/platform';

/** The options of the store. */
export interface LoginAddressesOptions {
  /** Redis shared by every gateway; absent → this process remembers alone. */
  redis?: Redis | undefined;
  /** Prefix of the Redis keys (`<namespace>:login-known:`). */
  prefix: string;
  /** How long a successful login keeps its address known; 0 remembers nothing (every address is new). */
  ttlMs: number;
  /** Most entries kept in this process; past it the oldest is forgotten (Redis still knows it). */
  maxEntries?: number;
  log: Logger;
}

/**
 * The addresses each account has logged in from successfully, so that the per-account login limit can
 * count them apart (see `installRateLimits`): someone guessing at an account from elsewhere then cannot
 * lock its owner out of the addresses the owner uses. Entries are opaque keys (the caller hashes account
 * and address together), kept in this process and, when configured, in Redis for every gateway. Never
 * fails: when Redis is away, an address this process does not know is treated as new.
 */
export class LoginAddresses {
  /** key → expiry (ms since the epoch), oldest first. */
  readonly #local = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(private readonly options: LoginAddressesOptions) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** Remembers `key` (an account at an address) after a successful login. */
  async remember(key: string): Promise<void> {
    if (!this.enabled) return;
    this.#local.delete(key);
    this.#local.set(key, Date.now() + this.options.ttlMs);
    while (this.#local.size > this.#maxEntries) {
      const oldest = this.#local.keys().next().value as string;
      this.#local.delete(oldest);
    }
    const redis = this.options.redis;
    if (redis?.status !== 'ready') return;
    await redis.set(`${this.options.prefix}${key}`, '1', 'PX', this.options.ttlMs).catch((err: Error) => {
      this.options.log.debug({ err: err.message }, 'known login address not shared');
    });
  }

  /** True when `key` logged in successfully within the last `ttlMs` (here or, with Redis, at any gateway). */
  async known(key: string): Promise<boolean> {
    if (!this.enabled) return false;
    const expires = this.#local.get(key);
    if (expires !== undefined) {
      if (expires > Date.now()) return true;
      this.#local.delete(key);
    }
    const redis = this.options.redis;
    if (redis?.status !== 'ready') return false;
    try {
      return (await redis.exists(`${this.options.prefix}${key}`)) === 1;
    } catch {
      return false;
    }
  }
}
