import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { AppError } from '../errors.ts';
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

/** Where an S3-compatible bucket is. Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, …). */
export interface S3ObjectStoreOptions {
  bucket: string;
  /** Endpoint of an S3-compatible store (MinIO, Ceph, s3rver, …); AWS's own when absent. */
  endpoint?: string | undefined;
  region: string;
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (most S3-compatible stores). */
  forcePathStyle: boolean;
  /** Static credentials; the AWS SDK's chain (environment, profile, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Give up on a request after this long (then `STORAGE_UNAVAILABLE`). */
  requestTimeoutMs?: number;
  /** Largest object `put` takes (the body is read into memory to send its Content-MD5). */
  maxObjectBytes?: number;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * The bucket in an S3-compatible store (distributed mode), through AWS SDK v3 (loaded on first use, so the
 * embedded system never loads it). A put sends the whole body in one PutObject with its Content-MD5, so
 * the store checks the bytes and its ETag is their MD5 (no multipart upload: objects are limited to
 * `maxObjectBytes`, 256 MiB by default). The SDK's default request checksums are asked for only when an
 * operation requires them: several S3-compatible stores reject them.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  #closed = false;

  private constructor(
    private readonly client: S3Sdk.S3Client,
    private readonly sdk: typeof S3Sdk,
    private readonly options: S3ObjectStoreOptions,
  ) {}

  static async open(options: S3ObjectStoreOptions): Promise<S3ObjectStore> {
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: {
        connectionTimeout: Math.min(options.requestTimeoutMs ?? 5000, 5000),
        requestTimeout: options.requestTimeoutMs ?? 30_000,
      },
    });
    return new S3ObjectStore(client, sdk, options);
  }

  async #send<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) throw storageUnavailable('the object store was closed');
    try {
      return await run();
    } catch (err) {
      throw translate(err);
    }
  }

  async put(key: string, body: Buffer | Uint8Array | Readable, options: PutOptions): Promise<StoredObject> {
    checkKey(key);
    const contentType = checkContentType(options.contentType);
    const metadata = checkMetadata(options.metadata);
    const bytes = await readAll(body, this.options.maxObjectBytes ?? 256 * 1024 * 1024);
    const md5 = createHash('md5').update(bytes).digest();
    await this.#send(() =>
      this.client.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          ContentMD5: md5.toString('base64'),
          Metadata: metadata,
        }),
      ),
    );
    return {
      key,
      size: bytes.length,
      contentType,
      etag: md5.toString('hex'),
      lastModified: new Date(),
      metadata,
    };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    checkKey(key);
    try {
      const out = await this.#send(() =>
        this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: key })),
      );
      return describe(key, out);
    } catch (err) {
      if (err instanceof NotThere) return undefined;
      throw err;
    }
  }

  async get(key: string): Promise<{ object: StoredObject; body: Readable } | undefined> {
    checkKey(key);
    try {
      const out = await this.#send(() =>
        this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key })),
      );
      const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
      return { object: describe(key, out), body };
    } catch (err) {
      if (err instanceof NotThere) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.#send(() =>
      this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key })),
    );
  }

  async list(prefix: string, options: { after?: string; limit?: number } = {}): Promise<ObjectPage> {
    checkPrefix(prefix);
    const limit = checkLimit(options.limit);
    const out = await this.#send(() =>
      this.client.send(
        // Version 1 (Marker): every S3-compatible store has it, and `after` is a key, not a token.
        new this.sdk.ListObjectsCommand({
          Bucket: this.options.bucket,
          Prefix: prefix,
          Marker: options.after,
          MaxKeys: limit,
        }),
      ),
    );
    const keys = (out.Contents ?? []).flatMap((entry) => (entry.Key ? [entry.Key] : []));
    // A listing holds no content type or metadata: one HEAD per key, as the local adapter reads each header.
    const items = (await Promise.all(keys.map((key) => this.head(key)))).filter(
      (object): object is StoredObject => object !== undefined,
    );
    const last = keys.at(-1);
    return out.IsTruncated && last ? { items, next: last } : { items };
  }

  async ping(): Promise<void> {
    await this.#send(() => this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.options.bucket })));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.client.destroy();
  }
}

/** A missing key or bucket, told apart from every other failure. */
class NotThere extends Error {}

function translate(err: unknown): Error {
  if (err instanceof AppError) return err;
  const e = err as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    message?: string;
  };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) return new NotThere(e.message);
  if ((e.code && NETWORK_CODES.has(e.code)) || e.name === 'TimeoutError' || e.name === 'RequestTimeout') {
    return storageUnavailable(`the object store is not reachable (${e.code ?? e.name})`);
  }
  if (status !== undefined && status >= 500) {
    return storageUnavailable(`the object store answered ${status} (${e.name ?? 'error'})`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function describe(
  key: string,
  out: {
    ContentLength?: number | undefined;
    ContentType?: string | undefined;
    ETag?: string | undefined;
    LastModified?: Date | undefined;
    Metadata?: Record<string, string> | undefined;
  },
): StoredObject {
  return {
    key,
    size: out.ContentLength ?? 0,
    contentType: out.ContentType ?? 'application/octet-stream',
    etag: (out.ETag ?? '').replaceAll('"', ''),
    lastModified: out.LastModified ?? new Date(0),
    metadata: { ...(out.Metadata ?? {}) },
  };
}

async function readAll(body: Buffer | Uint8Array | Readable, maxBytes: number): Promise<Buffer> {
  if (!(body instanceof Readable)) {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('invalid', 'STORAGE_TOO_LARGE', `the object is larger than ${maxBytes} bytes`);
}
