import { prepared, type Queryable } from '@rcr/platform';
import type { ReviewImage } from '../domain/render-review.ts';

/** A ready image as stored, with its review. */
export type StoredImage = ReviewImage & { reviewId: string; readyAt: string };

/** Records a ready image; a known image (a redelivery) or a tombstone (deleted already) is left alone. */
export async function insertReadyImage(q: Queryable, image: StoredImage): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO review_images (image_id, review_id, width, height, thumbnail_width, thumbnail_height, ready_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (image_id) DO NOTHING RETURNING image_id`,
    [
      image.id,
      image.reviewId,
      image.width,
      image.height,
      image.thumbnail.width,
      image.thumbnail.height,
      image.readyAt,
    ],
  );
  return rows.length > 0;
}

/** Replaces an image by a tombstone; whether a shown image went (false: unknown or gone already). */
export async function markImageDeleted(q: Queryable, imageId: string, reviewId: string): Promise<boolean> {
  const rows = await q.query<{ shown: boolean }>(
    `WITH before AS (SELECT deleted FROM review_images WHERE image_id = $1)
     INSERT INTO review_images (image_id, review_id, deleted) VALUES ($1, $2, true)
     ON CONFLICT (image_id) DO UPDATE SET deleted = true, width = NULL, height = NULL,
       thumbnail_width = NULL, thumbnail_height = NULL
     RETURNING (SELECT NOT deleted FROM before) AS shown`,
    [imageId, reviewId],
  );
  return rows[0]?.shown === true;
}

/** The ready images of some reviews, in the order they became ready, by review. */
export async function readReviewImages(
  q: Queryable,
  reviewIds: readonly string[],
): Promise<Map<string, ReviewImage[]>> {
  const byReview = new Map<string, ReviewImage[]>();
  if (reviewIds.length === 0) return byReview;
  const rows = await q.query<{
    id: string;
    reviewId: string;
    width: number;
    height: number;
    thumbnailWidth: number;
    thumbnailHeight: number;
  }>(
    prepared(`SELECT image_id AS id, review_id AS "reviewId", width, height, thumbnail_width AS "thumbnailWidth",
       thumbnail_height AS "thumbnailHeight"
     FROM review_images WHERE review_id = ANY($1::text[]) AND NOT deleted
     ORDER BY review_id, ready_at, image_id`),
    [reviewIds],
  );
  for (const row of rows) {
    const list = byReview.get(row.reviewId) ?? [];
    list.push({
      id: row.id,
      width: row.width,
      height: row.height,
      thumbnail: { width: row.thumbnailWidth, height: row.thumbnailHeight },
    });
    byReview.set(row.reviewId, list);
  }
  return byReview;
}
