import type { CameraSpecs, EventData, RcrEvent } from '@rcr/contracts';

/** The review events the export's projection consumes. */
export type ReviewEvent = RcrEvent<
  'review.published' | 'review.updated' | 'review.unpublished' | 'review.deleted'
>;
/** The camera events the export's projection consumes. */
export type CameraEvent = RcrEvent<'camera.created' | 'camera.updated' | 'camera.deleted'>;

/** A review as the export keeps it. */
export interface ExportReviewRow {
  reviewId: string;
  version: number;
  published: boolean;
  slug: string;
  cameraId: string;
  authorId: string;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

/** What to do with one event given the version stored (undefined: the review is unknown). */
export type ProjectionDecision<Row> =
  | { action: 'upsert'; row: Row }
  | { action: 'mark-deleted'; id: string; version: number }
  | { action: 'skip'; reason: 'stale' };

/**
 * Decides how a review event changes the export's projection: events older than (or as old as) what is
 * stored are skipped, whatever order they arrive in; a snapshot is kept whatever its status, with
 * `published` saying whether exports include it; a deletion leaves a tombstone with its version.
 */
export function projectReview(
  event: ReviewEvent,
  storedVersion: number | undefined,
): ProjectionDecision<ExportReviewRow> {
  if (storedVersion !== undefined && event.data.version <= storedVersion)
    return { action: 'skip', reason: 'stale' };
  if (event.type === 'review.deleted') {
    return { action: 'mark-deleted', id: event.data.reviewId, version: event.data.version };
  }
  const data = event.data as EventData<'review.published'>;
  return {
    action: 'upsert',
    row: {
      reviewId: data.reviewId,
      version: data.version,
      published: event.type !== 'review.unpublished' && data.status === 'published',
      slug: data.slug,
      cameraId: data.cameraId,
      authorId: data.authorId,
      title: data.title,
      body: data.body,
      rating: data.rating,
      pros: data.pros,
      cons: data.cons,
      verdict: data.verdict,
      language: data.language ?? null,
      publishedAt: data.publishedAt,
      updatedAt: data.updatedAt,
    },
  };
}

/** A camera as the jobs keep it (its name in each export row, its brand for the filter, its type and specs for reports). */
export interface ExportCameraRow {
  cameraId: string;
  version: number;
  brand: string;
  model: string;
  type: string;
  specs: CameraSpecs;
}

/** Decides how a camera event changes the projection (same version rule as reviews). */
export function projectCamera(
  event: CameraEvent,
  storedVersion: number | undefined,
): ProjectionDecision<ExportCameraRow> {
  if (storedVersion !== undefined && event.data.version <= storedVersion)
    return { action: 'skip', reason: 'stale' };
  if (event.type === 'camera.deleted') {
    return { action: 'mark-deleted', id: event.data.cameraId, version: event.data.version };
  }
  const { cameraId, version, brand, model, type, specs } = event.data as EventData<'camera.created'>;
  return { action: 'upsert', row: { cameraId, version, brand, model, type, specs } };
}
