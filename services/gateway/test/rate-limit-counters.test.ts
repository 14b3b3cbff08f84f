import { createLogger } from '@rcr/platform';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { distributedAvailable, freshNamespace, infra } from '../../../test/support/infra.ts';
import { redisLinkOptions } from '../src/redis-links.ts';
import { RateLimitCounters } from '../src/rest/rate-limit-counters.ts';
import { withinOneWindow } from '../../../test/support/rate-window.ts';

const log = createLogger('test', 'silent');
const WINDOW = 60_000;

describe('rate-limit counters without Redis', () => {
  it('when requests are counted, then each key counts on its own and the window end is reported', () => {
    const counters = new RateLimitCounters({ prefix: 't:', syncIntervalMs: 100, log });
    expect(counters.hit('a', WINDOW).current).toBe(1);
    expect(counters.hit('a', WINDOW).current).toBe(2);
    const other = counters.hit('b', WINDOW);
    expect(other.current).toBe(1);
    expect(other.ttl).toBeGreaterThan(0);
    expect(other.ttl).toBeLessThanOrEqual(WINDOW);
  });

  it('when more keys than allowed are seen, then the oldest are forgotten (memory stays bounded)', () => {
    const counters = new RateLimitCounters({ prefix: 't:', syncIntervalMs: 100, maxKeys: 2, log });
    counters.hit('a', WINDOW);
    counters.hit('a', WINDOW);
    counters.hit('b', WINDOW);
    counters.hit('c', WINDOW);
    expect(counters.hit('a', WINDOW).current).toBe(1);
  });
});

const available = await distributedAvailable('rate-limit counters on Redis');

describe.skipIf(!available)('rate-limit counters shared through Redis', () => {
  const clients: Redis[] = [];
  const started: RateLimitCounters[] = [];
  const prefix = `${freshNamespace()}:rate-limit:`;
  const open = (url = infra.redisUrl) => {
    const redis = new Redis(url, redisLinkOptions(500, 'rate-limit-test'));
    redis.on('error', () => undefined);
    clients.push(redis);
    const counters = new RateLimitCounters({ redis, prefix, syncIntervalMs: 50, log });
    started.push(counters);
    counters.start();
    return { redis, counters };
  };
  const ready = (redis: Redis) =>
    new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve()),
    );

  afterEach(() => {
    for (const counters of started.splice(0)) counters.stop();
  });
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it('when two gateways count the same key, then each learns the shared total within a sync of its own first request', async () => {
    await withinOneWindow(10000);
    const a = open();
    const b = open();
    await Promise.all([ready(a.redis), ready(b.redis)]);
    const sync = () => new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 7; i++) a.counters.hit('ip:shared', WINDOW);
    await sync();
    // B's first request is counted before B has heard of the key; its push brings back A's seven.
    expect(b.counters.hit('ip:shared', WINDOW).current).toBe(1);
    await sync();
    expect(b.counters.hit('ip:shared', WINDOW).current).toBe(9);
    await sync();
    expect(a.counters.hit('ip:shared', WINDOW).current).toBe(8);
    await sync();
    expect(a.counters.hit('ip:shared', WINDOW).current).toBe(11);
  });

  it('when counted exactly, then every count is the shared total at once', async () => {
    await withinOneWindow(10000);
    const a = open();
    const b = open();
    await Promise.all([ready(a.redis), ready(b.redis)]);
    const totals: number[] = [];
    for (let i = 0; i < 6; i++)
      totals.push((await (i % 2 ? a : b).counters.hitExact('login:x', WINDOW)).current);
    expect(totals).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('when Redis cannot be reached, then counting goes on locally and never throws', async () => {
    const { counters } = open('redis://127.0.0.1:1');
    expect(counters.hit('ip:offline', WINDOW).current).toBe(1);
    expect((await counters.hitExact('login:offline', WINDOW)).current).toBe(1);
    expect((await counters.hitExact('login:offline', WINDOW)).current).toBe(2);
    await counters.sync();
  });
});
