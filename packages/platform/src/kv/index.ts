import type { KeyValueStore } from './port.ts';
import { MemoryKeyValueStore } from './memory.ts';
import { RedisKeyValueStore, type RedisKeyValueStoreOptions } from './redis.ts';

export type { KeyValueStore, KvSetOptions, KvTtlOptions } from './port.ts';
export { MemoryKeyValueStore, type MemoryKeyValueStoreOptions } from './memory.ts';
export { RedisKeyValueStore, type RedisKeyValueStoreOptions } from './redis.ts';
export { traceRedisCommands } from './redis-spans.ts';

/** Where the key-value store is: Redis when a URL is configured, otherwise in this process. */
export interface KeyValueConfig {
  REDIS_URL?: string | undefined;
  RCR_NAMESPACE: string;
}

/** Opens the configured key-value store: Redis (keys prefixed `<RCR_NAMESPACE>:`) or an in-memory one. */
export async function openKeyValueStore(
  config: KeyValueConfig,
  /** Timeouts of the Redis adapter (ignored in memory). */
  redis: Pick<RedisKeyValueStoreOptions, 'commandTimeoutMs' | 'maxReconnectDelayMs'> = {},
): Promise<KeyValueStore> {
  if (config.REDIS_URL) {
    return RedisKeyValueStore.connect({ ...redis, url: config.REDIS_URL, namespace: config.RCR_NAMESPACE });
  }
  return new MemoryKeyValueStore();
}
