import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { LocalObjectStore } from '../src/storage/local.ts';
import type { ObjectStore } from '../src/storage/port.ts';
import { S3ObjectStore } from '../src/storage/s3.ts';
import { startTestS3, type TestS3 } from '../../../test/support/s3.ts';
import { unique } from './support.ts';

/** Opens the bucket under test; every store of one suite sees the same objects. */
type StoreFactory = () => Promise<ObjectStore>;

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

async function bytesOf(store: ObjectStore, key: string): Promise<Buffer | undefined> {
  const found = await store.get(key);
  if (!found) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of found.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that sends `first` and then fails. */
function failingStream(first: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(first);
      } else {
        this.destroy(new Error('the uploader went away'));
      }
    },
  });
}

/**
 * What the server behind an adapter is known not to do as S3 does, so the suite does not blame the
 * adapter for it: s3rver writes an object in place (a read during a rewrite can break off) where S3 and
 * the local adapter replace it atomically.
 */
interface ServerLimits {
  overwritesInPlace?: boolean;
}

/** The bucket contract (see `ObjectStore` in src/storage/port.ts), run against one adapter. */
function storageContract(openStore: StoreFactory, limits: ServerLimits = {}) {
  let store: ObjectStore;
  // Every test writes under its own prefix: the suite's objects never meet.
  let at: (key: string) => string;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store.close();
  });
  afterEach(() => undefined);
  const fresh = () => {
    const prefix = unique('t').replaceAll('_', '-');
    at = (key) => `${prefix}/${key}`;
    return prefix;
  };

  it('when bytes are put, then get answers the same bytes, type, size, metadata and the MD5 as ETag', async () => {
    fresh();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).subarray(0);
    const body = Buffer.concat([bytes, randomBytes(70_000)]);

    const put = await store.put(at('images/a.jpg'), body, {
      contentType: 'image/jpeg',
      metadata: { width: '640', height: '480' },
    });
    const found = await store.get(at('images/a.jpg'));
    const read = await bytesOf(store, at('images/a.jpg'));

    expect(put).toMatchObject({ size: body.length, etag: md5(body), contentType: 'image/jpeg' });
    expect(read?.equals(body)).toBe(true);
    expect(found?.object).toMatchObject({
      key: at('images/a.jpg'),
      size: body.length,
      etag: md5(body),
      contentType: 'image/jpeg',
      metadata: { width: '640', height: '480' },
    });
    found?.body.destroy();
    expect((await store.head(at('images/a.jpg')))?.etag).toBe(md5(body));
  });

  it('when a key was never put, then get and head answer undefined and delete is no error', async () => {
    fresh();

    expect(await store.get(at('nothing.bin'))).toBeUndefined();
    expect(await store.head(at('nothing.bin'))).toBeUndefined();
    await expect(store.delete(at('nothing.bin'))).resolves.toBeUndefined();
  });

  it('when an object is put again, then the new bytes replace it; after delete it is gone', async () => {
    fresh();
    await store.put(at('report.csv'), Buffer.from('first'), { contentType: 'text/csv' });

    await store.put(at('report.csv'), Buffer.from('second, longer'), { contentType: 'text/plain' });
    expect((await bytesOf(store, at('report.csv')))?.toString()).toBe('second, longer');
    expect((await store.head(at('report.csv')))?.contentType).toBe('text/plain');
    await store.delete(at('report.csv'));

    expect(await store.head(at('report.csv'))).toBeUndefined();
  });

  it('when the body is a stream, then it is stored whole; an empty body is an empty object', async () => {
    fresh();
    const parts = [randomBytes(10_000), randomBytes(1), randomBytes(65_537)];

    const put = await store.put(at('export.json'), Readable.from(parts), { contentType: 'application/json' });
    await store.put(at('empty.txt'), Buffer.alloc(0), { contentType: 'text/plain' });

    expect(put.etag).toBe(md5(Buffer.concat(parts)));
    expect((await bytesOf(store, at('export.json')))?.equals(Buffer.concat(parts))).toBe(true);
    expect(await store.head(at('empty.txt'))).toMatchObject({ size: 0, etag: md5(Buffer.alloc(0)) });
    expect((await bytesOf(store, at('empty.txt')))?.length).toBe(0);
  });

  it('when a body stream fails half way, then the put rejects and the previous object is still whole', async () => {
    fresh();
    await store.put(at('photo.png'), Buffer.from('the old photo'), { contentType: 'image/png' });

    await expect(
      store.put(at('photo.png'), failingStream(randomBytes(50_000)), { contentType: 'image/png' }),
    ).rejects.toThrow();
    await expect(
      store.put(at('new.png'), failingStream(randomBytes(50_000)), { contentType: 'image/png' }),
    ).rejects.toThrow();

    expect((await bytesOf(store, at('photo.png')))?.toString()).toBe('the old photo');
    expect(await store.head(at('new.png'))).toBeUndefined();
  });

  it.skipIf(limits.overwritesInPlace)(
    'when one key is rewritten while it is read, then every read is the whole old or the whole new object',
    async () => {
      fresh();
      const a = randomBytes(200_000);
      const b = randomBytes(300_000);
      await store.put(at('busy.bin'), a, { contentType: 'application/octet-stream' });

      const seen = new Set<string>();
      const writes = (async () => {
        for (let i = 0; i < 10; i++) {
          await store.put(at('busy.bin'), i % 2 ? a : b, { contentType: 'application/octet-stream' });
        }
      })();
      const reads = (async () => {
        for (let i = 0; i < 20; i++) {
          const read = await bytesOf(store, at('busy.bin'));
          seen.add(read ? md5(read) : 'missing');
        }
      })();
      await Promise.all([writes, reads]);

      expect([...seen].every((hash) => hash === md5(a) || hash === md5(b))).toBe(true);
    },
  );

  it('when keys are a path and its parent (a and a/b), then both exist side by side, as in S3', async () => {
    fresh();

    await store.put(at('a'), Buffer.from('parent'), { contentType: 'text/plain' });
    await store.put(at('a/b'), Buffer.from('child'), { contentType: 'text/plain' });

    expect((await bytesOf(store, at('a')))?.toString()).toBe('parent');
    expect((await bytesOf(store, at('a/b')))?.toString()).toBe('child');
  });

  it('when objects are listed by prefix, then pages hold every key once, in byte order', async () => {
    const prefix = fresh();
    // Keys shaped as ours are (segments of ids and names). None is the beginning of another: s3rver, the
    // S3 stand-in here, skips and misorders such keys (`a` beside `a-1`), which S3 lists in byte order.
    const keys = ['b/1', 'a/2.jpg', 'A/x', 'a/1.jpg', 'a/10.jpg', 'c/d/e.png', '0/z', '_/y', 'a/1-t.jpg'].map(
      (key) => at(`list/${key}`),
    );
    for (const key of keys) await store.put(key, Buffer.from(key), { contentType: 'text/plain' });
    await store.put(at('other/x'), Buffer.from('x'), { contentType: 'text/plain' });

    const listed: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.list(`${prefix}/list/`, { limit: 4, ...(after ? { after } : {}) });
      listed.push(...page.items.map((item) => item.key));
      expect(page.items.every((item) => item.contentType === 'text/plain')).toBe(true);
      if (!page.next) break;
      after = page.next;
    }

    expect(listed).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it.each([
    ['a parent segment', '../escape'],
    ['a parent segment inside', 'a/../../b'],
    ['a leading slash', '/etc/passwd'],
    ['a double slash', 'a//b'],
    ['a trailing slash', 'a/'],
    ['a dot segment', 'a/./b'],
    ['a backslash', 'a\\..\\b'],
    ['a percent escape', '%2e%2e/x'],
    ['a space', 'a b'],
    ['a NUL byte', 'a\u0000b'],
    ['a query', 'a?b'],
    ['non-ASCII', 'cámara.jpg'],
    ['the empty key', ''],
    ['201 bytes', 'k'.repeat(201)],
  ])('when a key has %s, then every operation rejects it with STORAGE_INVALID_KEY', async (_, key) => {
    fresh();
    const expectInvalid = async (run: () => Promise<unknown>) => {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ kind: 'invalid', code: 'STORAGE_INVALID_KEY' });
    };

    await expectInvalid(() => store.put(key, Buffer.from('x'), { contentType: 'text/plain' }));
    await expectInvalid(() => store.get(key));
    await expectInvalid(() => store.head(key));
    await expectInvalid(() => store.delete(key));
  });

  it('when content type or metadata are unfit, then put rejects before anything is stored', async () => {
    fresh();

    await expect(
      store.put(at('x'), Buffer.from('x'), { contentType: 'text/html\r\nX-Evil: 1' }),
    ).rejects.toMatchObject({ code: 'STORAGE_INVALID_CONTENT_TYPE' });
    await expect(
      store.put(at('x'), Buffer.from('x'), { contentType: 'text/plain', metadata: { 'Upper-Case': 'x' } }),
    ).rejects.toMatchObject({ code: 'STORAGE_INVALID_METADATA' });
    await expect(
      store.put(at('x'), Buffer.from('x'), { contentType: 'text/plain', metadata: { note: 'line\nbreak' } }),
    ).rejects.toMatchObject({ code: 'STORAGE_INVALID_METADATA' });

    expect(await store.head(at('x'))).toBeUndefined();
  });

  it('when the store is closed, then operations reject with STORAGE_UNAVAILABLE', async () => {
    const closed = await openStore();
    await closed.close();

    await expect(closed.head('any/key')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'STORAGE_UNAVAILABLE',
    });
    await expect(closed.ping()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
}

describe('ObjectStore contract: local directory adapter', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'rcr-bucket-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  storageContract(() => LocalObjectStore.open(root));

  it('when puts fail or complete, then no temporary file is left behind and keys stay inside the bucket', async () => {
    const store = await LocalObjectStore.open(root);
    await store.put('inside/ok.txt', Buffer.from('ok'), { contentType: 'text/plain' });
    await expect(
      store.put('inside/bad.txt', failingStream(randomBytes(1000)), { contentType: 'text/plain' }),
    ).rejects.toThrow();

    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['objects', 'tmp']);
  });
});

describe('ObjectStore contract: S3 adapter against s3rver', () => {
  let s3: TestS3;
  const open = () =>
    S3ObjectStore.open({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3.credentials,
    });
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  storageContract(() => open(), { overwritesInPlace: true });

  it('when nothing listens at the endpoint, then operations reject with STORAGE_UNAVAILABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const store = await S3ObjectStore.open({
      bucket: 'rcr-test',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3.credentials,
    });

    await expect(store.ping()).rejects.toMatchObject({ kind: 'unavailable', code: 'STORAGE_UNAVAILABLE' });
    await expect(store.get('any/key')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await store.close();
  });

  it('when the stored bytes are read, then they are the bytes s3rver holds (the body went over the wire)', async () => {
    const store = await open();
    await store.put('wire/check.txt', Buffer.from('över the wire'), {
      contentType: 'text/plain; charset=utf-8',
    });

    const response = await fetch(`${s3.endpoint}/${s3.bucket}/wire/check.txt`);

    expect(response.status).toBe(200);
    expect(await text(response.body as unknown as Readable)).toBe('över the wire');
    await store.close();
  });
});
