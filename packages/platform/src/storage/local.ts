import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { errors } from '../errors.ts';
import {
  checkContentType,
  checkKey,
  checkLimit,
  checkMetadata,
  checkPrefix,
  storageUnavailable,
  type ObjectPage,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './port.ts';

/** Every object file starts with a header of this many bytes: a magic line, then JSON, padded. */
const HEADER_BYTES = 4096;
const MAGIC = 'rcr-object-1\n';

interface Header {
  contentType: string;
  etag: string;
  size: number;
  lastModified: string;
  metadata: Record<string, string>;
}

/** `/` cannot occur in a file name and `%` cannot occur in a key: one flat directory, no key collides. */
const fileName = (key: string): string => key.replaceAll('/', '%');
const keyOf = (name: string): string => name.replaceAll('%', '/');

/**
 * The bucket in a local directory (embedded mode): one file per object under `<root>/objects/`, its
 * name the key with `/` written `%` (so `a` and `a/b` can both exist, as in S3), holding a fixed-size
 * header (content type, ETag, size, metadata) before the bytes. A put writes a new file under
 * `<root>/tmp/`, fsyncs it and renames it into place: readers see the old object or the new one.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly #objects: string;
  readonly #tmp: string;
  #closed = false;

  private constructor(
    root: string,
    /** A throwaway bucket: its directory is removed when the store is closed. */
    private readonly removeOnClose = false,
  ) {
    this.#root = root;
    this.#objects = path.join(root, 'objects');
    this.#tmp = path.join(root, 'tmp');
  }

  readonly #root: string;

  /**
   * Opens (creating when needed) the bucket directory `root`; leftovers of interrupted puts are removed.
   * Without `root`, a new temporary directory that `close` removes (a system that keeps nothing).
   */
  static async open(root?: string): Promise<LocalObjectStore> {
    const store = root
      ? new LocalObjectStore(path.resolve(root))
      : new LocalObjectStore(await mkdtemp(path.join(tmpdir(), 'rcr-bucket-')), true);
    await mkdir(store.#objects, { recursive: true });
    await rm(store.#tmp, { recursive: true, force: true });
    await mkdir(store.#tmp, { recursive: true });
    return store;
  }

  #path(key: string): string {
    return path.join(this.#objects, fileName(checkKey(key)));
  }

  #assertOpen(): void {
    if (this.#closed) throw storageUnavailable('the object store was closed');
  }

  async put(key: string, body: Buffer | Uint8Array | Readable, options: PutOptions): Promise<StoredObject> {
    const target = this.#path(key);
    const contentType = checkContentType(options.contentType);
    const metadata = checkMetadata(options.metadata);
    this.#assertOpen();
    const temporary = path.join(this.#tmp, randomUUID());
    const file = await open(temporary, 'wx', 0o600);
    try {
      const hash = createHash('md5');
      let size = 0;
      let position = HEADER_BYTES;
      const chunks =
        body instanceof Readable ? body : [Buffer.from(body.buffer, body.byteOffset, body.byteLength)];
      for await (const chunk of chunks as AsyncIterable<Buffer> | Buffer[]) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        hash.update(bytes);
        await file.write(bytes, 0, bytes.length, position);
        position += bytes.length;
        size += bytes.length;
      }
      const header: Header = {
        contentType,
        etag: hash.digest('hex'),
        size,
        lastModified: new Date().toISOString(),
        metadata,
      };
      await file.write(encodeHeader(header), 0, HEADER_BYTES, 0);
      await file.sync();
      await file.close();
      await rename(temporary, target);
      return toObject(key, header);
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw err;
    }
  }

  /** Opens an object's file and reads its header; the caller closes the handle. */
  async #open(key: string): Promise<{ handle: FileHandle; header: Header } | undefined> {
    const file = this.#path(key);
    this.#assertOpen();
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const bytes = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, HEADER_BYTES, 0);
      return { handle, header: decodeHeader(bytes.subarray(0, bytesRead), key) };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const found = await this.#open(key);
    if (!found) return undefined;
    await found.handle.close();
    return toObject(key, found.header);
  }

  async get(key: string): Promise<{ object: StoredObject; body: Readable } | undefined> {
    // Read through the handle opened here: a put renaming a new file into place meanwhile does not change
    // what this read sees.
    const found = await this.#open(key);
    if (!found) return undefined;
    const body = found.handle.createReadStream({ start: HEADER_BYTES, autoClose: true });
    return { object: toObject(key, found.header), body };
  }

  async delete(key: string): Promise<void> {
    const file = this.#path(key);
    this.#assertOpen();
    await rm(file, { force: true });
  }

  async list(prefix: string, options: { after?: string; limit?: number } = {}): Promise<ObjectPage> {
    checkPrefix(prefix);
    const limit = checkLimit(options.limit);
    this.#assertOpen();
    const keys = (await readdir(this.#objects))
      .map(keyOf)
      .filter(
        (key) => key.startsWith(prefix) && (options.after === undefined || byteOrder(key, options.after) > 0),
      )
      .sort(byteOrder);
    const items: StoredObject[] = [];
    for (const key of keys) {
      if (items.length === limit) break;
      const object = await this.head(key);
      if (object) items.push(object);
    }
    const last = items.at(-1);
    return items.length === limit && last && keys.at(-1) !== last.key ? { items, next: last.key } : { items };
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    await stat(this.#objects).catch(() => {
      throw storageUnavailable(`the bucket directory ${this.#objects} is not there`);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.removeOnClose) await rm(this.#root, { recursive: true, force: true });
  }
}

/** Compares keys by their bytes (S3's order), not by UTF-16 units. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function encodeHeader(header: Header): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES, 0x20);
  const text = MAGIC + JSON.stringify(header) + '\n';
  if (Buffer.byteLength(text) > HEADER_BYTES) {
    throw errors.invalid('STORAGE_INVALID_METADATA', 'content type and metadata are too long');
  }
  bytes.write(text, 0, 'utf8');
  return bytes;
}

function decodeHeader(bytes: Buffer, key: string): Header {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\n', MAGIC.length);
  if (!text.startsWith(MAGIC) || end < 0) {
    throw new Error(`the object file of ${JSON.stringify(key)} is not an rcr object (damaged or foreign)`);
  }
  return JSON.parse(text.slice(MAGIC.length, end)) as Header;
}

function toObject(key: string, header: Header): StoredObject {
  return {
    key,
    size: header.size,
    contentType: header.contentType,
    etag: header.etag,
    lastModified: new Date(header.lastModified),
    metadata: { ...header.metadata },
  };
}
