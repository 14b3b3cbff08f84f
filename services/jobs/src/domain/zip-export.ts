import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ObjectStore } from '@rcr/platform';
import type { ZipFile } from 'yazl';
import type { ExportedImage } from '../store/image-projection.ts';
import type { ExportedReview } from '../store/review-projection.ts';
import { csvRecord } from './csv.ts';
import { COLUMNS, csvCellsOf, recordOf } from './export-format.ts';

/** The zip export's file (ADR 0032). */
export const ZIP_FILE = { extension: 'zip', contentType: 'application/zip' } as const;

/** What a zip export bundled. */
export interface ZipSummary {
  reviews: number;
  images: number;
  /** Images the projection listed whose rendition was gone from the bucket when its turn came. */
  missingImages: number;
}

/** A name safe as one zip path segment (no separators, no `..`), from a slug or id. */
function segment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '');
  return safe.length > 0 ? safe.slice(0, 120) : 'review';
}

/**
 * Writes a zip of reviews to `output` as pages of them arrive: per review its images first (each
 * `images/<reviewId>/<imageId>.webp`, the display rendition streamed from the bucket, stored without
 * compression: WebP is compressed already), then `reviews/<slug>.json` (the export record plus the list
 * of the images bundled), and at the end `index.csv` (the CSV export's columns plus `file` and `images`).
 *
 * Memory stays bounded: one rendition is read at a time, and the next is not opened before the zip has
 * taken the previous one in — so the zip's consumer (the bucket upload) sets the pace. An image deleted
 * after the projection listed it (its rendition gone from the bucket) is left out of the review's file
 * and counted as missing; the export does not fail for it. `signal` ends the waits when the upload failed.
 */
export async function writeZipExport(
  pages: AsyncIterable<readonly ExportedReview[]>,
  imagesOf: (reviewIds: readonly string[]) => Promise<Map<string, ExportedImage[]>>,
  bucket: Pick<ObjectStore, 'get'>,
  zip: ZipFile,
  signal: AbortSignal,
): Promise<ZipSummary> {
  const summary: ZipSummary = { reviews: 0, images: 0, missingImages: 0 };
  const index: string[] = [csvRecord([...COLUMNS, 'file', 'images'])];
  const usedNames = new Set<string>();
  for await (const page of pages) {
    const images = await imagesOf(page.map((review) => review.reviewId));
    let last: Readable | undefined;
    for (const review of page) {
      const mtime = new Date(review.updatedAt);
      const bundled: { id: string; file: string; width: number; height: number }[] = [];
      for (const image of images.get(review.reviewId) ?? []) {
        signal.throwIfAborted();
        const found = await bucket.get(image.displayKey);
        if (!found) {
          summary.missingImages += 1;
          continue;
        }
        const file = `images/${segment(review.reviewId)}/${segment(image.imageId)}.webp`;
        zip.addReadStream(found.body, file, { compress: false, mtime });
        await finished(found.body, { signal });
        bundled.push({ id: image.imageId, file, width: image.width, height: image.height });
      }
      let name = `reviews/${segment(review.slug)}.json`;
      if (usedNames.has(name)) name = `reviews/${segment(review.slug)}-${segment(review.reviewId)}.json`;
      usedNames.add(name);
      const json = `${JSON.stringify({ ...recordOf(review), images: bundled }, null, 2)}\n`;
      last = Readable.from([Buffer.from(json)]);
      zip.addReadStream(last, name, { mtime });
      index.push(csvRecord([...csvCellsOf(review), name, bundled.map((image) => image.file).join(' | ')]));
      summary.reviews += 1;
      summary.images += bundled.length;
    }
    // A page's files are in the zip before the next page is read: what waits in memory is one page.
    if (last) await finished(last, { signal });
  }
  zip.addBuffer(Buffer.from(index.join('')), 'index.csv', { mtime: new Date() });
  zip.end();
  return summary;
}
