import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import {
  assertTtl,
  kvUnavailable,
  notACounter,
  type KeyValueStore,
  type KvSetOptions,
  type KvTtlOptions,
} from './port.ts';
import { traceRedisCommands } from './redis-spans.ts';

/** Options of the Redis adapter. */
export interface RedisKeyValueStoreOptions {
  url: string;
  /** Prefix of every key (`<namespace>:<key>`), so several systems can share one Redis. */
  namespace: string;
  /** How long connecting may take before it fails, in ms (default 2 s). */
  connectTimeoutMs?: number;
  /** How long one command may wait for its reply before it fails, in ms (default 2 s). */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts while Redis is away, in ms (default 2 s). */
  maxReconnectDelayMs?: number;
}

/** Replaces KEYS[1] with ARGV[2] only if it holds ARGV[1]; ARGV[3] is the TTL in ms or ''. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** INCR that sets the TTL (ARGV[1] in ms, or '') only when it creates the key. */
const INCREMENT = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local n = redis.call('INCR', KEYS[1])
if created and ARGV[1] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** The client with the two scripts registered by `defineCommand` (sent by EVALSHA, loaded on demand). */
type ScriptedRedis = Redis & {
  kvCompareAndSet(key: string, expected: string, value: string, ttlMs: string): Promise<number>;
  kvIncrement(key: string, ttlMs: string): Promise<number>;
};

/** Server replies that mean "not now" rather than "wrong request". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * The key-value store on Redis, shared by every gateway replica. Fails fast during an outage: no offline
 * queue (a command sent while disconnected rejects at once), one retry per in-flight command across a
 * reconnect, and a command timeout; every such failure becomes `AppError` unavailable `KV_UNAVAILABLE`,
 * while the client keeps reconnecting in the background.
 */
export class RedisKeyValueStore implements KeyValueStore {
  readonly kind = 'redis';
  readonly #prefix: string;
  #closed = false;

  private constructor(
    private readonly redis: ScriptedRedis,
    namespace: string,
  ) {
    this.#prefix = `${namespace}:`;
  }

  /** Connects and waits until Redis answers; rejects with `KV_UNAVAILABLE` when it cannot. */
  static async connect(options: RedisKeyValueStoreOptions): Promise<RedisKeyValueStore> {
    if (!options.namespace) throw new RangeError('a Redis key-value store needs a namespace');
    // ioredis loads with the first connection: an embedded system never makes one (ADR 0034).
    const { Redis } = await import('ioredis');
    // Commands as spans of the request that sends them (ADR 0031, amendment).
    const redis = traceRedisCommands(
      new Redis(options.url, {
        lazyConnect: true,
        connectTimeout: options.connectTimeoutMs ?? 2_000,
        commandTimeout: options.commandTimeoutMs ?? 2_000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: (attempt) => Math.min(attempt * 200, options.maxReconnectDelayMs ?? 2_000),
        connectionName: `${options.namespace}-kv`,
      }),
    );
    // Without a listener ioredis prints every connection error; the failures surface on the commands.
    redis.on('error', () => undefined);
    redis.defineCommand('kvCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    redis.defineCommand('kvIncrement', { numberOfKeys: 1, lua: INCREMENT });
    try {
      await redis.connect();
    } catch {
      redis.disconnect();
      throw kvUnavailable();
    }
    // defineCommand added the two methods above; TypeScript cannot see runtime-defined commands.
    return new RedisKeyValueStore(redis as ScriptedRedis, options.namespace);
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#call(() => this.redis.get(this.#key(key)));
    return value ?? undefined;
  }

  async set(key: string, value: string, options: KvSetOptions = {}): Promise<boolean> {
    assertTtl(options.ttlMs);
    const k = this.#key(key);
    const { ttlMs, onlyIfAbsent } = options;
    const reply = await this.#call(() => {
      if (ttlMs !== undefined) {
        return onlyIfAbsent
          ? this.redis.set(k, value, 'PX', ttlMs, 'NX')
          : this.redis.set(k, value, 'PX', ttlMs);
      }
      return onlyIfAbsent ? this.redis.set(k, value, 'NX') : this.redis.set(k, value);
    });
    return reply === 'OK';
  }

  async compareAndSet(
    key: string,
    expected: string,
    value: string,
    options: KvTtlOptions = {},
  ): Promise<boolean> {
    assertTtl(options.ttlMs);
    const ttl = options.ttlMs === undefined ? '' : String(options.ttlMs);
    const replaced = await this.#call(() => this.redis.kvCompareAndSet(this.#key(key), expected, value, ttl));
    return replaced === 1;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#call(() => this.redis.del(this.#key(key)))) > 0;
  }

  async increment(key: string, options: KvTtlOptions = {}): Promise<number> {
    assertTtl(options.ttlMs);
    const ttl = options.ttlMs === undefined ? '' : String(options.ttlMs);
    return this.#call(() => this.redis.kvIncrement(this.#key(key), ttl), key);
  }

  async ping(): Promise<void> {
    await this.#call(() => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // QUIT lets replies in flight arrive; when the link is down there is nothing to wait for.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  /** Runs one command, turning connection trouble into `KV_UNAVAILABLE` and a non-integer INCR into `KV_NOT_A_COUNTER`. */
  async #call<T>(command: () => Promise<T>, counterKey?: string): Promise<T> {
    if (this.#closed) throw kvUnavailable('the key-value store is closed');
    try {
      return await command();
    } catch (err) {
      throw this.#translate(err, counterKey);
    }
  }

  #translate(err: unknown, counterKey: string | undefined): unknown {
    if (err instanceof AppError || !(err instanceof Error)) return err;
    // Server replies (ReplyError) are answers to a bad request; anything else from the client
    // (closed stream, retries exhausted, timeout, socket error) means Redis is out of reach.
    if (err.name !== 'ReplyError' || TRANSIENT_REPLY.test(err.message)) return kvUnavailable();
    if (counterKey !== undefined && /not an integer|out of range/.test(err.message))
      return notACounter(counterKey);
    return err;
  }
}
