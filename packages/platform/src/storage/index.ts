import path from 'node:path';
import { z } from 'zod';
import { LocalObjectStore } from './local.ts';
import type { ObjectStore } from './port.ts';
import { S3ObjectStore } from './s3.ts';

export * from './port.ts';
export { LocalObjectStore } from './local.ts';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3.ts';
export * from './signed-links.ts';

/**
 * Where the bucket is (M21), for the processes that keep files:
 * - `BUCKET_URL`: `s3://<bucket>` for an S3-compatible store, or `file:///<directory>`; when absent, the
 *   directory `<RCR_DATA_DIR>/bucket` (embedded mode), or a temporary one removed at stop when
 *   `RCR_DATA_DIR` is `memory://…`.
 * - `S3_ENDPOINT`, `S3_REGION`, `S3_FORCE_PATH_STYLE`: how to reach an `s3://` bucket; credentials come
 *   from the AWS SDK's usual variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, …).
 */
export const storageConfigShape = {
  BUCKET_URL: z
    .string()
    .regex(
      /^(?:s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/?|file:\/\/\/.+)$/,
      's3://<bucket> or file:///<directory>',
    )
    .optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
};

/**
 * The size limit of an uploaded image, read by the gateway (it stops reading the request there) and by
 * the media service (which enforces it again while the bytes stream in): `RCR_MEDIA_MAX_BYTES`.
 */
export const uploadLimitShape = {
  RCR_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(10 * 1024 * 1024),
};

/** The settings `openObjectStore` reads. */
export interface StorageConfig {
  BUCKET_URL?: string | undefined;
  S3_ENDPOINT?: string | undefined;
  S3_REGION: string;
  S3_FORCE_PATH_STYLE: boolean;
  RCR_DATA_DIR: string;
}

/** Opens the configured bucket: S3 for `s3://…`, otherwise a local directory. */
export async function openObjectStore(config: StorageConfig): Promise<ObjectStore> {
  const url = config.BUCKET_URL;
  if (url?.startsWith('s3://')) {
    return S3ObjectStore.open({
      bucket: url.slice('s3://'.length).replace(/\/$/, ''),
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  if (url) return LocalObjectStore.open(new URL(url).pathname);
  // A system that keeps nothing (RCR_DATA_DIR=memory://…) gets a throwaway directory, removed at stop.
  if (config.RCR_DATA_DIR.startsWith('memory://')) return LocalObjectStore.open();
  return LocalObjectStore.open(path.join(config.RCR_DATA_DIR, 'bucket'));
}
export * from './signed-files.ts';
