import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { AppError } from '../src/errors.ts';
import { openKeyValueStore } from '../src/kv/index.ts';
import { MemoryKeyValueStore } from '../src/kv/memory.ts';
import type { KeyValueStore } from '../src/kv/port.ts';
import { RedisKeyValueStore } from '../src/kv/redis.ts';
import { distributedAvailable, freshNamespace, infra } from '../../../test/support/infra.ts';
import { TcpProxy, viaProxy } from '../../../test/support/tcp-proxy.ts';
import { eventually, sleep } from './support.ts';

/** Opens a fresh, empty store with its own namespace. */
type StoreFactory = () => Promise<KeyValueStore>;

/** The key-value contract (see `KeyValueStore` in src/kv/port.ts), run against one adapter. */
function kvContract(openStore: StoreFactory) {
  const open: KeyValueStore[] = [];
  const newStore = async () => {
    const store = await openStore();
    open.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  it('when a key was never written, then get answers undefined', async () => {
    const store = await newStore();

    expect(await store.get('missing')).toBeUndefined();
  });

  it('when a value is set, then get answers it and a second set replaces it', async () => {
    const store = await newStore();

    expect(await store.set('greeting', JSON.stringify({ hello: 'world' }))).toBe(true);
    expect(await store.get('greeting')).toBe('{"hello":"world"}');
    expect(await store.set('greeting', 'replaced')).toBe(true);

    expect(await store.get('greeting')).toBe('replaced');
  });

  it('when a key has a ttl, then it reads back until the ttl passes and is missing after', async () => {
    const store = await newStore();

    await store.set('short-lived', 'soon gone', { ttlMs: 150 });
    expect(await store.get('short-lived')).toBe('soon gone');
    await sleep(300);

    expect(await store.get('short-lived')).toBeUndefined();
  });

  it('when a key is set again without a ttl, then it no longer expires', async () => {
    const store = await newStore();
    await store.set('kept', 'first', { ttlMs: 100 });

    await store.set('kept', 'second');
    await sleep(250);

    expect(await store.get('kept')).toBe('second');
  });

  it('when onlyIfAbsent meets an existing key, then it loses; after the key expires, it wins', async () => {
    const store = await newStore();
    await store.set('lock', 'first holder', { ttlMs: 150 });

    expect(await store.set('lock', 'second holder', { onlyIfAbsent: true })).toBe(false);
    expect(await store.get('lock')).toBe('first holder');
    await sleep(300);

    expect(await store.set('lock', 'second holder', { onlyIfAbsent: true, ttlMs: 5000 })).toBe(true);
    expect(await store.get('lock')).toBe('second holder');
  });

  it('when 20 onlyIfAbsent sets race for one key, then exactly one wins and its value is kept', async () => {
    const store = await newStore();

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.set('idempotency:abc', `request-${i}`, { onlyIfAbsent: true, ttlMs: 5000 }),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('idempotency:abc')).toBe(`request-${results.indexOf(true)}`);
  });

  it('when compareAndSet is given the current value, then it replaces it; otherwise it changes nothing', async () => {
    const store = await newStore();
    await store.set('record', 'pending');

    expect(await store.compareAndSet('record', 'done', 'other')).toBe(false);
    expect(await store.get('record')).toBe('pending');
    expect(await store.compareAndSet('record', 'pending', 'done')).toBe(true);
    expect(await store.get('record')).toBe('done');
    expect(await store.compareAndSet('record', 'pending', 'again')).toBe(false);
    expect(await store.compareAndSet('never-written', '', 'value')).toBe(false);

    expect(await store.get('record')).toBe('done');
    expect(await store.get('never-written')).toBeUndefined();
  });

  it('when compareAndSet writes with a ttl, then the new value expires', async () => {
    const store = await newStore();
    await store.set('record', 'pending');

    expect(await store.compareAndSet('record', 'pending', 'done', { ttlMs: 150 })).toBe(true);
    expect(await store.get('record')).toBe('done');
    await sleep(300);

    expect(await store.get('record')).toBeUndefined();
  });

  it('when concurrent compareAndSets expect the same value, then exactly one succeeds', async () => {
    const store = await newStore();
    await store.set('version', '1');

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.compareAndSet('version', '1', `2-by-${i}`)),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('version')).toBe(`2-by-${results.indexOf(true)}`);
  });

  it('when a counter is incremented, then it counts from 1', async () => {
    const store = await newStore();

    expect(await store.increment('hits')).toBe(1);
    expect(await store.increment('hits')).toBe(2);
    expect(await store.increment('hits')).toBe(3);

    expect(await store.get('hits')).toBe('3');
  });

  it('when 50 increments run concurrently, then none is lost and each sees a different count', async () => {
    const store = await newStore();

    const counts = await Promise.all(Array.from({ length: 50 }, () => store.increment('concurrent')));

    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await store.get('concurrent')).toBe('50');
  });

  it('when a counter is created with a ttl, then later increments do not extend it', async () => {
    const store = await newStore();

    expect(await store.increment('window', { ttlMs: 200 })).toBe(1);
    await sleep(120);
    expect(await store.increment('window', { ttlMs: 200 })).toBe(2);
    await sleep(150);

    expect(await store.get('window')).toBeUndefined();
    expect(await store.increment('window', { ttlMs: 200 })).toBe(1);
  });

  it('when a key holding text is incremented, then it rejects with KV_NOT_A_COUNTER and keeps the value', async () => {
    const store = await newStore();
    await store.set('label', 'not a number');

    await expect(store.increment('label')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'KV_NOT_A_COUNTER',
    });

    expect(await store.get('label')).toBe('not a number');
  });

  it('when a ttl is not a positive integer, then the write rejects with KV_INVALID_TTL and writes nothing', async () => {
    const store = await newStore();
    const invalid = { kind: 'invalid', code: 'KV_INVALID_TTL' };

    await expect(store.set('a', 'v', { ttlMs: 0 })).rejects.toMatchObject(invalid);
    await expect(store.increment('b', { ttlMs: 1.5 })).rejects.toMatchObject(invalid);
    await expect(store.compareAndSet('c', 'x', 'y', { ttlMs: -1 })).rejects.toMatchObject(invalid);

    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBeUndefined();
  });

  it('when two namespaces use the same key, then neither sees nor deletes the other one', async () => {
    const first = await newStore();
    const second = await newStore();

    await first.set('shared-name', 'first');
    await second.set('shared-name', 'second');
    expect(await first.get('shared-name')).toBe('first');
    expect(await second.get('shared-name')).toBe('second');
    await first.increment('counter');
    expect(await second.set('counter', 'taken', { onlyIfAbsent: true })).toBe(true);
    expect(await first.delete('shared-name')).toBe(true);

    expect(await second.get('shared-name')).toBe('second');
    expect(await first.get('counter')).toBe('1');
  });

  it('when a key is deleted, then delete answers true, then false, and the key is gone', async () => {
    const store = await newStore();
    await store.set('doomed', 'value');

    expect(await store.delete('doomed')).toBe(true);
    expect(await store.delete('doomed')).toBe(false);

    expect(await store.get('doomed')).toBeUndefined();
  });

  it('when a key has expired, then delete answers false', async () => {
    const store = await newStore();
    await store.set('expiring', 'value', { ttlMs: 100 });
    await sleep(250);

    expect(await store.delete('expiring')).toBe(false);
  });

  it('when keys and values hold unicode, then they survive the round trip unchanged', async () => {
    const store = await newStore();
    const key = 'caméra:富士フイルム:📷';
    const value = JSON.stringify({
      title: 'Zoë’s X‑T5 review — 素晴らしい 📸',
      note: 'e\u0301 ≠ é',
      nul: '\u0000',
    });

    await store.set(key, value);
    expect(await store.compareAndSet(key, value, `${value}✓`)).toBe(true);

    expect(await store.get(key)).toBe(`${value}✓`);
    expect(JSON.parse((await store.get(key))?.slice(0, -1) ?? '')).toMatchObject({ note: 'e\u0301 ≠ é' });
  });

  it('when the store answers ping, then it is ready; once closed, ping and get reject as unavailable', async () => {
    const store = await newStore();
    await store.ping();

    await store.close();

    const unavailable = { kind: 'unavailable', code: 'KV_UNAVAILABLE' };
    await expect(store.ping()).rejects.toMatchObject(unavailable);
    await expect(store.get('anything')).rejects.toMatchObject(unavailable);
    await store.close();
  });
}

describe('MemoryKeyValueStore', () => {
  kvContract(async () => new MemoryKeyValueStore());

  describe('bounds', () => {
    const open: MemoryKeyValueStore[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });

    it('when more keys are written than maxEntries, then it keeps at most maxEntries, the latest written', async () => {
      const store = new MemoryKeyValueStore({ maxEntries: 3 });
      open.push(store);
      for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key);
      await store.set('b', 'rewritten');

      await store.set('e', 'e');

      expect(store.size).toBe(3);
      const kept = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => store.get(key)));
      expect(kept).toEqual([undefined, 'rewritten', undefined, 'd', 'e']);
    });

    it('when entries expire and nobody reads them, then the periodic sweep removes them', async () => {
      const store = new MemoryKeyValueStore({ sweepIntervalMs: 20 });
      open.push(store);
      await store.set('expires', 'x', { ttlMs: 50 });
      await store.set('stays', 'y');
      expect(store.size).toBe(2);

      await eventually(() => expect(store.size).toBe(1), 2000);

      expect(await store.get('stays')).toBe('y');
    });
  });
});

describe('openKeyValueStore', () => {
  it('when REDIS_URL is not set, then it opens an in-memory store', async () => {
    const store = await openKeyValueStore({ RCR_NAMESPACE: freshNamespace('kv') });

    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('when Redis is unreachable, then it rejects quickly with an unavailable AppError', async () => {
    const started = Date.now();

    const opening = openKeyValueStore({ REDIS_URL: 'redis://127.0.0.1:1', RCR_NAMESPACE: 'nowhere' });

    await expect(opening).rejects.toBeInstanceOf(AppError);
    await expect(opening).rejects.toMatchObject({ kind: 'unavailable', code: 'KV_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

const distributed = await distributedAvailable('kv contract');

describe.skipIf(!distributed)('RedisKeyValueStore', () => {
  const namespaces: string[] = [];
  const connectStore = (namespace = freshNamespace('kv'), url = infra.redisUrl) => {
    if (!namespaces.includes(namespace)) namespaces.push(namespace);
    return RedisKeyValueStore.connect({ url, namespace });
  };
  afterAll(async () => {
    const redis = new Redis(infra.redisUrl);
    try {
      for (const namespace of namespaces) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      }
    } finally {
      await redis.quit();
    }
  });

  kvContract(() => connectStore());

  describe('between gateway replicas', () => {
    const open: KeyValueStore[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });
    const replicas = async (count: number) => {
      const namespace = freshNamespace('kv');
      const stores = await Promise.all(Array.from({ length: count }, () => connectStore(namespace)));
      open.push(...stores);
      return { namespace, stores };
    };

    it('when REDIS_URL is set, then openKeyValueStore opens Redis with keys under "<namespace>:"', async () => {
      const namespace = freshNamespace('kv');
      namespaces.push(namespace);
      const store = await openKeyValueStore({ REDIS_URL: infra.redisUrl, RCR_NAMESPACE: namespace });
      open.push(store);
      const raw = new Redis(infra.redisUrl);
      const key = `cache:/v1/content?probe=${freshNamespace('p')}`;

      await store.set(key, 'cached body');

      try {
        expect(store.kind).toBe('redis');
        expect(await raw.get(`${namespace}:${key}`)).toBe('cached body');
        expect(await raw.get(key)).toBeNull();
      } finally {
        await raw.quit();
      }
    });

    it('when replicas race onlyIfAbsent for one key, then exactly one replica wins', async () => {
      const { stores } = await replicas(4);

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % stores.length]?.set('idempotency:xyz', `replica-${i}`, {
            onlyIfAbsent: true,
            ttlMs: 5000,
          }),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await stores[0]?.get('idempotency:xyz')).toBe(`replica-${results.indexOf(true)}`);
    });

    it('when replicas increment one counter concurrently, then no update is lost', async () => {
      const { stores } = await replicas(3);

      const counts = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          stores[i % stores.length]?.increment('rate:client-1', { ttlMs: 5000 }),
        ),
      );

      expect(new Set(counts).size).toBe(60);
      expect(await stores[1]?.get('rate:client-1')).toBe('60');
    });

    it('when the link to Redis is cut, then operations reject quickly as unavailable and recover after', async () => {
      const proxy = new TcpProxy(
        new URL(infra.redisUrl).hostname,
        Number(new URL(infra.redisUrl).port || 6379),
      );
      await proxy.listen();
      try {
        const store = await connectStore(freshNamespace('kv'), viaProxy(infra.redisUrl, proxy));
        open.push(store);
        await store.set('survivor', 'before the outage');

        await proxy.cut();
        const started = Date.now();
        await expect(store.get('survivor')).rejects.toMatchObject({
          kind: 'unavailable',
          code: 'KV_UNAVAILABLE',
        });
        await expect(store.ping()).rejects.toMatchObject({ kind: 'unavailable', code: 'KV_UNAVAILABLE' });
        expect(Date.now() - started).toBeLessThan(3000);
        await proxy.restore();

        await eventually(
          async () => expect(await store.get('survivor')).toBe('before the outage'),
          10_000,
          100,
        );
      } finally {
        await proxy.close();
      }
    });
  });
});
