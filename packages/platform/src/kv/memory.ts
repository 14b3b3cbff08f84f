import {
  assertTtl,
  kvUnavailable,
  notACounter,
  type KeyValueStore,
  type KvSetOptions,
  type KvTtlOptions,
} from './port.ts';

/** Options of the in-process key-value store. */
export interface MemoryKeyValueStoreOptions {
  /** Most entries kept; writing a new key beyond it evicts the oldest-written one (default 10 000). */
  maxEntries?: number;
  /** How often expired entries are swept out, in ms (default 30 s); reads also drop them lazily. */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  /** Epoch ms after which the entry is gone; undefined = never. */
  expiresAt: number | undefined;
}

const INTEGER = /^-?\d+$/;

/**
 * The key-value store for embedded mode: one process, one Map. Map order is write order (a write
 * re-inserts its key), so eviction drops the least recently written entry first. Every operation runs
 * synchronously between awaits, which makes `onlyIfAbsent`, `compareAndSet` and `increment` atomic.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly kind = 'memory';
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(options: MemoryKeyValueStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${this.#maxEntries}`);
    }
    // Unref'ed: a forgotten store must not keep the process alive.
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 30_000).unref();
  }

  /** Entries held, including expired ones not yet swept (for metrics and tests). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value;
  }

  async set(key: string, value: string, options: KvSetOptions = {}): Promise<boolean> {
    assertTtl(options.ttlMs);
    if (options.onlyIfAbsent && this.#live(key)) return false;
    this.#write(key, value, options.ttlMs);
    return true;
  }

  async compareAndSet(
    key: string,
    expected: string,
    value: string,
    options: KvTtlOptions = {},
  ): Promise<boolean> {
    assertTtl(options.ttlMs);
    if (this.#live(key)?.value !== expected) return false;
    this.#write(key, value, options.ttlMs);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.#live(key) !== undefined;
    this.#entries.delete(key);
    return existed;
  }

  async increment(key: string, options: KvTtlOptions = {}): Promise<number> {
    assertTtl(options.ttlMs);
    const entry = this.#live(key);
    if (!entry) {
      this.#write(key, '1', options.ttlMs);
      return 1;
    }
    const current = INTEGER.test(entry.value) ? Number(entry.value) : Number.NaN;
    if (!Number.isSafeInteger(current + 1)) throw notACounter(key);
    // In place, like Redis INCR: the key keeps its expiry and its place in the eviction order.
    entry.value = String(current + 1);
    return current + 1;
  }

  async ping(): Promise<void> {
    this.#assertOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    this.#entries.clear();
  }

  /** The entry if present and not expired; drops it when expired. */
  #live(key: string): Entry | undefined {
    this.#assertOpen();
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #write(key: string, value: string, ttlMs: number | undefined): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : Date.now() + ttlMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.#entries.delete(key);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw kvUnavailable('the key-value store is closed');
  }
}
