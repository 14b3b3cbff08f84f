import { describe, expect, it } from 'vitest';
import { REDIS_RECONNECT_MAX_DELAY_MS, redisLinkOptions } from '../src/redis-links.ts';

describe('the gateway’s Redis link options', () => {
  it('when Redis stays away for any number of attempts, then reconnection attempts stay at most 250 ms apart', () => {
    const { retryStrategy } = redisLinkOptions(500, 'test');
    const delays = Array.from({ length: 1000 }, (_, i) => retryStrategy?.(i + 1));
    expect(REDIS_RECONNECT_MAX_DELAY_MS).toBeLessThanOrEqual(250);
    expect(Math.max(...delays.map(Number))).toBeLessThanOrEqual(REDIS_RECONNECT_MAX_DELAY_MS);
  });

  it('when Redis is away, then commands fail at once instead of queueing or being retried', () => {
    const options = redisLinkOptions(500, 'test');
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.maxRetriesPerRequest).toBe(0);
    expect(options.commandTimeout).toBe(500);
  });
});
