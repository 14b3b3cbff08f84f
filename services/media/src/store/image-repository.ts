import type { Queryable } from '@rcr/platform';
import type { ImageType } from '../domain/sniff.ts';

/** A public rendition of an image, as stored. */
export interface StoredRendition {
  name: 'display' | 'thumbnail';
  key: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
}

/** An image as stored. */
export interface ImageRecord {
  id: string;
  reviewId: string;
  uploaderId: string;
  originalKey: string;
  publicId: string;
  contentType: ImageType;
  bytes: number;
  width: number;
  height: number;
  fileName: string;
  status: 'pending' | 'ready' | 'failed';
  renditions: StoredRendition[] | null;
  error: string | null;
  createdAt: string;
}

const COLUMNS = `id, review_id AS "reviewId", uploader_id AS "uploaderId", original_key AS "originalKey",
  public_id AS "publicId", content_type AS "contentType", bytes, width, height, file_name AS "fileName",
  status, renditions, error, created_at AS "createdAt"`;

/** Parses a jsonb column that a driver hands back as text; dates as ISO strings. */
function row(record: ImageRecord): ImageRecord {
  const renditions =
    typeof record.renditions === 'string'
      ? (JSON.parse(record.renditions) as StoredRendition[])
      : record.renditions;
  const createdAt = record.createdAt as unknown;
  return {
    ...record,
    renditions,
    createdAt: createdAt instanceof Date ? createdAt.toISOString() : String(createdAt),
  };
}

/** Inserts a new image, pending its renditions. */
export async function insertImage(
  q: Queryable,
  image: Omit<ImageRecord, 'status' | 'renditions' | 'error' | 'createdAt'> & { sha256: string },
): Promise<ImageRecord> {
  const [inserted] = await q.query<ImageRecord>(
    `INSERT INTO images (id, review_id, uploader_id, original_key, public_id, content_type, bytes, width,
       height, sha256, file_name, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending') RETURNING ${COLUMNS}`,
    [
      image.id,
      image.reviewId,
      image.uploaderId,
      image.originalKey,
      image.publicId,
      image.contentType,
      image.bytes,
      image.width,
      image.height,
      image.sha256,
      image.fileName,
    ],
  );
  return row(inserted as ImageRecord);
}

/** The image with this id (locked for update when `forUpdate`, inside a transaction), or undefined. */
export async function findImage(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<ImageRecord | undefined> {
  const [found] = await q.query<ImageRecord>(
    `SELECT ${COLUMNS} FROM images WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return found && row(found);
}

/** A review's images, oldest first. */
export async function listImagesOf(q: Queryable, reviewId: string): Promise<ImageRecord[]> {
  const rows = await q.query<ImageRecord>(
    `SELECT ${COLUMNS} FROM images WHERE review_id = $1 ORDER BY created_at, id LIMIT 200`,
    [reviewId],
  );
  return rows.map(row);
}

/** Records an image's renditions, once: false when it was not pending any more (done by another run). */
export async function markReady(q: Queryable, id: string, renditions: StoredRendition[]): Promise<boolean> {
  const updated = await q.query(
    `UPDATE images SET status = 'ready', renditions = $2, ready_at = now(), error = NULL
     WHERE id = $1 AND status = 'pending' RETURNING id`,
    [id, JSON.stringify(renditions)],
  );
  return updated.length > 0;
}

/** Records that an image's renditions cannot be made (its bytes do not decode): false when not pending. */
export async function markFailed(q: Queryable, id: string, error: string): Promise<boolean> {
  const updated = await q.query(
    `UPDATE images SET status = 'failed', error = $2 WHERE id = $1 AND status = 'pending' RETURNING id`,
    [id, error.slice(0, 500)],
  );
  return updated.length > 0;
}

/** Deletes an image's row; answers the deleted image, or undefined when there was none. */
export async function deleteImage(q: Queryable, id: string): Promise<ImageRecord | undefined> {
  const [deleted] = await q.query<ImageRecord>(`DELETE FROM images WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return deleted && row(deleted);
}

/** Deletes every image of a review (the review is gone); answers the deleted images. */
export async function deleteImagesOf(q: Queryable, reviewId: string): Promise<ImageRecord[]> {
  const rows = await q.query<ImageRecord>(`DELETE FROM images WHERE review_id = $1 RETURNING ${COLUMNS}`, [
    reviewId,
  ]);
  return rows.map(row);
}
