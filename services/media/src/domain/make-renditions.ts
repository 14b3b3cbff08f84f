import type { Readable } from 'node:stream';
import { newEvent } from '@rcr/platform';
import {
  findImage,
  markFailed,
  markReady,
  type ImageRecord,
  type StoredRendition,
} from '../store/image-repository.ts';
import { SOURCE, type MediaDeps } from './deps.ts';
import { loadSharp } from './sharp.ts';

/** The public renditions of every image: re-encoded as WebP, fitted inside a square of `size` pixels. */
export const RENDITIONS = [
  { name: 'display', size: 1600, quality: 82 },
  { name: 'thumbnail', size: 320, quality: 75 },
] as const;

/** The bucket key of an image's rendition (public, behind signed links). */
export function renditionKey(image: Pick<ImageRecord, 'publicId'>, name: string): string {
  return `images/${image.publicId}/${name}.webp`;
}

/** What one delivery of `image.uploaded` came to. */
export type RenditionOutcome = 'made' | 'skipped' | 'failed';

/** Runs of this process so far (for fault injection: `crash-mid-job:<n>`). */
let runs = 0;

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Makes an image's public renditions from its private original: decoded (never more than `maxPixels`,
 * whatever the header claimed), turned upright by its EXIF orientation, fitted, and re-encoded as WebP
 * without the original's metadata — so what is published is always a fresh image, never the uploaded
 * bytes (a polyglot's hidden payload, GPS tags). Keys are fixed per image, so a run repeated after a
 * crash writes the same objects again, and the row moves to `ready` (with `image.ready`) only once.
 * An original that does not decode makes the image `failed` for good; a bucket or database failure is
 * thrown, for the delivery to be retried.
 */
export async function makeRenditions(
  deps: Pick<MediaDeps, 'db' | 'outbox' | 'bucket' | 'log' | 'faults' | 'settings'>,
  imageId: string,
  traceparent?: string | undefined,
): Promise<RenditionOutcome> {
  const { db, bucket, outbox, settings } = deps;
  const image = await findImage(db, imageId);
  if (!image || image.status !== 'pending') return 'skipped';
  const original = await bucket.get(image.originalKey);
  if (!original) {
    await markFailed(db, image.id, 'the original is missing from the bucket');
    return 'failed';
  }
  const file = await bytesOf(original.body);
  const sharp = await loadSharp();
  let made: { name: StoredRendition['name']; data: Buffer; width: number; height: number }[];
  try {
    made = [];
    for (const rendition of RENDITIONS) {
      const { data, info } = await sharp(file, { limitInputPixels: settings.maxPixels, failOn: 'error' })
        .rotate()
        .resize({ width: rendition.size, height: rendition.size, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: rendition.quality })
        .toBuffer({ resolveWithObject: true });
      made.push({ name: rendition.name, data, width: info.width, height: info.height });
    }
  } catch (err) {
    // The owner reads the reason: what is wrong, not the decoder's own words (they name the library and
    // its internals); those go to the log.
    const reason = 'the image does not decode: its data is damaged, truncated or not supported';
    await markFailed(db, image.id, reason);
    deps.log.warn({ imageId, decoder: (err as Error).message.slice(0, 500) }, 'image renditions failed');
    return 'failed';
  }
  const renditions: StoredRendition[] = [];
  for (const { name, data, width, height } of made) {
    const key = renditionKey(image, name);
    await bucket.put(key, data, { contentType: 'image/webp', metadata: { image: image.id } });
    renditions.push({ name, key, width, height, bytes: data.length, contentType: 'image/webp' });
  }
  runs += 1;
  // Fault injection: die after the renditions are stored and before the image is recorded ready.
  if (deps.faults.crashMidJob !== undefined && runs >= deps.faults.crashMidJob) {
    process.kill(process.pid, 'SIGKILL');
  }
  const ready = await outbox.transaction(async (tx, emit) => {
    if (!(await markReady(tx, image.id, renditions))) return false;
    await emit(
      newEvent(
        SOURCE,
        'image.ready',
        image.id,
        {
          imageId: image.id,
          reviewId: image.reviewId,
          renditions: renditions.map(({ name, width, height, bytes, key }) => ({
            name,
            width,
            height,
            bytes,
            key,
          })),
        },
        traceparent,
      ),
    );
    return true;
  });
  if (!ready && !(await findImage(db, image.id))) {
    // Deleted while its renditions were being made: they belong to nothing.
    await Promise.all(renditions.map((r) => bucket.delete(r.key)));
  }
  return ready ? 'made' : 'skipped';
}
