import type { Queryable } from '@rcr/platform';

/** A ready image of a review as a zip export bundles it: its display rendition. */
export interface ExportedImage {
  imageId: string;
  reviewId: string;
  displayKey: string;
  width: number;
  height: number;
}

/**
 * Records a ready image (its display rendition); nothing happens when it was deleted already (its
 * tombstone stays) or is known (a redelivery).
 */
export async function upsertReadyImage(
  q: Queryable,
  image: ExportedImage & { readyAt: string },
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO export_images (image_id, review_id, display_key, width, height, ready_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (image_id) DO NOTHING RETURNING image_id`,
    [image.imageId, image.reviewId, image.displayKey, image.width, image.height, image.readyAt],
  );
  return rows.length > 0;
}

/** Replaces an image by a tombstone (also one never seen ready: a late image.ready then changes nothing). */
export async function markImageDeleted(q: Queryable, imageId: string, reviewId: string): Promise<void> {
  await q.query(
    `INSERT INTO export_images (image_id, review_id, deleted) VALUES ($1, $2, true)
     ON CONFLICT (image_id) DO UPDATE SET deleted = true, display_key = NULL, width = NULL, height = NULL`,
    [imageId, reviewId],
  );
}

/** The ready images of some reviews, oldest first per review. */
export async function readReviewImages(
  q: Queryable,
  reviewIds: readonly string[],
): Promise<Map<string, ExportedImage[]>> {
  const byReview = new Map<string, ExportedImage[]>();
  if (reviewIds.length === 0) return byReview;
  const rows = await q.query<ExportedImage>(
    `SELECT image_id AS "imageId", review_id AS "reviewId", display_key AS "displayKey", width, height
     FROM export_images WHERE review_id = ANY($1::text[]) AND NOT deleted
     ORDER BY review_id, ready_at, image_id`,
    [reviewIds],
  );
  for (const row of rows) {
    const list = byReview.get(row.reviewId) ?? [];
    list.push(row);
    byReview.set(row.reviewId, list);
  }
  return byReview;
}
