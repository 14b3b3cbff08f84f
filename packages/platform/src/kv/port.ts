import { errors } from '../errors.ts';

/** Expiry of a written key; without `ttlMs` the key never expires. */
export interface KvTtlOptions {
  /** Time to live in milliseconds (a positive integer). */
  ttlMs?: number;
}

/** Options of `KeyValueStore.set`. */
export interface KvSetOptions extends KvTtlOptions {
  /** Write only when the key does not exist (or has expired); `set` then answers whether it wrote. */
  onlyIfAbsent?: boolean;
}

/**
 * The key-value port for the gateway's shared state (public-read cache, Idempotency-Key records, small
 * counters). Both adapters (Redis, in-process) honour one contract, checked by one test suite: values are
 * strings (callers JSON-encode); an expired key reads as missing; `set` with `onlyIfAbsent`,
 * `compareAndSet` and `increment` are atomic, also between gateway replicas sharing one Redis; a write
 * without `ttlMs` (`set`, `compareAndSet`) leaves the key without expiry; keys of one namespace are
 * invisible to another. Failing to reach the store rejects with `AppError` kind `unavailable`
 * (`KV_UNAVAILABLE`).
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  /** The value of a key, or `undefined` when it is missing or expired. */
  get(key: string): Promise<string | undefined>;
  /** Writes a value; answers false only when `onlyIfAbsent` is set and the key already exists. */
  set(key: string, value: string, options?: KvSetOptions): Promise<boolean>;
  /** Replaces the value only if the current one equals `expected`; answers whether it did. */
  compareAndSet(key: string, expected: string, value: string, options?: KvTtlOptions): Promise<boolean>;
  /** Removes a key; answers whether it existed. */
  delete(key: string): Promise<boolean>;
  /** Adds one to an integer counter (a missing key counts as 0); `ttlMs` applies only when it creates the key. */
  increment(key: string, options?: KvTtlOptions): Promise<number>;
  /** Resolves when the store is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Checks a TTL before any write, so both adapters reject the same values (Redis refuses PX 0 or 1.5). */
export function assertTtl(ttlMs: number | undefined): void {
  if (ttlMs === undefined) return;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw errors.invalid('KV_INVALID_TTL', `ttlMs must be a positive integer, got ${ttlMs}`);
  }
}

/** The error for `increment` on a key whose value is not an integer. */
export function notACounter(key: string) {
  return errors.invalid('KV_NOT_A_COUNTER', `the value of "${key}" is not an integer counter`);
}

/** The error for a store that cannot be reached (or was closed). */
export function kvUnavailable(reason = 'the key-value store is not reachable') {
  return errors.unavailable('KV_UNAVAILABLE', reason);
}
