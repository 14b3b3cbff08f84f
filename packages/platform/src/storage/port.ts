import type { Readable } from 'node:stream';
import { errors, type AppError } from '../errors.ts';

/** What the bucket knows about one stored object. */
export interface StoredObject {
  key: string;
  /** Bytes. */
  size: number;
  contentType: string;
  /** Hex MD5 of the bytes (S3's ETag of a single-part object, without quotes). */
  etag: string;
  lastModified: Date;
  /** Caller's metadata: lower-case keys, ASCII values (see `checkMetadata`). */
  metadata: Record<string, string>;
}

/** Options of `ObjectStore.put`. */
export interface PutOptions {
  contentType: string;
  metadata?: Record<string, string>;
}

/** One page of `ObjectStore.list`. */
export interface ObjectPage {
  /** Objects in byte order of their keys. */
  items: StoredObject[];
  /** Pass as `after` to read the next page; absent on the last page. */
  next?: string;
}

/**
 * The bucket port (M21): review images, thumbnails and generated files. Both adapters (a local directory
 * in embedded mode, any S3-compatible store in distributed mode) honour one contract, checked by one test
 * suite (packages/platform/test/storage.contract.test.ts):
 * - keys are validated the same way by both (`checkKey`): a bad key rejects with `STORAGE_INVALID_KEY`
 *   before anything is touched, so no key can reach outside the bucket;
 * - `put` is atomic: a reader sees the whole previous object or the whole new one, never part of one; a
 *   body stream that fails leaves the previous object (or none) in place;
 * - `get`/`head` of a missing key answer `undefined`; `delete` of a missing key is no error;
 * - `list` answers keys with a prefix in byte order, a page at a time;
 * - failing to reach the store rejects with `AppError` kind `unavailable` (`STORAGE_UNAVAILABLE`).
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under `key`, replacing any object there. */
  put(key: string, body: Buffer | Uint8Array | Readable, options: PutOptions): Promise<StoredObject>;
  /** The object and a stream of its bytes, or `undefined` when there is none. */
  get(key: string): Promise<{ object: StoredObject; body: Readable } | undefined>;
  head(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
  list(prefix: string, options?: { after?: string; limit?: number }): Promise<ObjectPage>;
  /** Resolves when the store is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Longest key, in bytes (S3 allows 1 024; ours are generated and short, and a local file name holds 255). */
export const MAX_KEY_BYTES = 200;
const KEY_SEGMENT = /^[A-Za-z0-9_.=-]+$/;

/**
 * Accepts `a/b/c.ext` keys: `/`-separated segments of letters, digits, `_`, `.`, `=` and `-`, no empty,
 * `.` or `..` segment, at most MAX_KEY_BYTES. Characters that mean something to a file system, a URL or
 * S3's signature (`\`, `%`, `?`, `#`, spaces, control characters) cannot occur.
 */
export function checkKey(key: string): string {
  const fail = (why: string): AppError =>
    errors.invalid('STORAGE_INVALID_KEY', `invalid object key ${JSON.stringify(key.slice(0, 80))}: ${why}`);
  if (typeof key !== 'string' || key.length === 0) throw fail('empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw fail(`longer than ${MAX_KEY_BYTES} bytes`);
  for (const segment of key.split('/')) {
    if (segment === '') throw fail('empty segment (leading, trailing or double /)');
    if (segment === '.' || segment === '..') throw fail('. or .. segment');
    if (!KEY_SEGMENT.test(segment)) throw fail('only letters, digits, _ . = - and / are allowed');
  }
  return key;
}

/** A prefix for `list`: empty, or a key's beginning (the same characters as a key). */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  if (
    Buffer.byteLength(prefix) > MAX_KEY_BYTES ||
    !/^[A-Za-z0-9_.=/-]+$/.test(prefix) ||
    prefix.startsWith('/')
  ) {
    throw errors.invalid('STORAGE_INVALID_KEY', `invalid prefix ${JSON.stringify(prefix.slice(0, 80))}`);
  }
  return prefix;
}

const MAX_METADATA_BYTES = 2048;

/** Metadata both adapters keep the same: lower-case `[a-z0-9-]` keys, printable ASCII values, 2 KB in all. */
export function checkMetadata(metadata: Record<string, string> = {}): Record<string, string> {
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (
      !/^[a-z0-9][a-z0-9-]{0,63}$/.test(name) ||
      typeof value !== 'string' ||
      !/^[\x20-\x7e]*$/.test(value)
    ) {
      throw errors.invalid('STORAGE_INVALID_METADATA', `invalid metadata entry ${JSON.stringify(name)}`);
    }
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw errors.invalid('STORAGE_INVALID_METADATA', `metadata exceeds ${MAX_METADATA_BYTES} bytes`);
  }
  return { ...metadata };
}

/** A content type as stored: `type/subtype` with optional parameters, printable ASCII. */
export function checkContentType(contentType: string): string {
  if (!/^[\w.+-]+\/[\w.+-]+(?:\s*;[\x20-\x7e]*)?$/.test(contentType) || contentType.length > 200) {
    throw errors.invalid(
      'STORAGE_INVALID_CONTENT_TYPE',
      `invalid content type ${JSON.stringify(contentType)}`,
    );
  }
  return contentType;
}

/** Page sizes of `list`. */
export function checkLimit(limit = 1000): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw errors.invalid('STORAGE_INVALID_LIMIT', `limit must be an integer from 1 to 1000, got ${limit}`);
  }
  return limit;
}

/** The error for a store that cannot be reached (or was closed). */
export function storageUnavailable(reason = 'the object store is not reachable'): AppError {
  return errors.unavailable('STORAGE_UNAVAILABLE', reason);
}
