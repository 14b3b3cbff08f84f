import type { ContentV1, PartnerV1, ReviewsV1 } from '@rcr/contracts';
import type { EventData } from '@rcr/contracts';
import type { StreamedEvent } from '../realtime/event-streams.ts';

/** A published review of the read model as the partner API shows it. */
export function reviewOf(item: ContentV1.ContentItem__Output): PartnerV1.Review {
  return {
    id: item.reviewId,
    slug: item.slug,
    title: item.title,
    body: item.body,
    rating: item.rating,
    pros: item.pros,
    cons: item.cons,
    verdict: item.verdict,
    language: item.language,
    publishedAt: item.publishedAt,
    updatedAt: item.updatedAt,
    camera: { id: item.cameraId, name: item.cameraName },
    author: { id: item.authorId, name: item.authorName },
  };
}

/** Camera specs without proto-loader's virtual oneof markers and unset fields. */
function specsOf(specs: ReviewsV1.CameraSpecs__Output | null | undefined): PartnerV1.CameraSpecs {
  return Object.fromEntries(
    Object.entries(specs ?? {}).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null),
  );
}

/** The read model's comparison as the partner API shows it. */
export function comparisonOf(result: ContentV1.Comparison__Output): PartnerV1.Comparison {
  return {
    cameras: result.cameras.map((c) => ({
      id: c.id,
      name: c.name,
      brand: c.brand,
      model: c.model,
      type: c.type,
      specs: specsOf(c.specs),
    })),
    fields: result.fields.map((f) => ({
      field: f.field,
      unit: f.unit,
      better: f.better,
      values: f.values.map((v) => ({
        cameraId: v.cameraId,
        ...(v.value !== undefined && v.value !== null ? { value: v.value } : {}),
        ...(v.display !== undefined && v.display !== null ? { display: v.display } : {}),
      })),
      bestCameraIds: f.bestCameraIds,
    })),
  };
}

/** Review events WatchReviews sends (the streams also carry camera events, which it leaves out). */
export const WATCHED_TYPES: ReadonlySet<string> = new Set([
  'review.published',
  'review.updated',
  'review.unpublished',
  'review.deleted',
]);

/**
 * A streamed review event as a WatchReviews message. A deletion names the review, its camera, author and
 * version, with status "deleted" (its slug, title and rating are gone with it: empty, 0).
 */
export function reviewEventOf(streamed: StreamedEvent): PartnerV1.ReviewEvent {
  const { event } = streamed;
  const data = event.data as EventData<'review.published'> | EventData<'review.deleted'>;
  const shown =
    'slug' in data
      ? { slug: data.slug, title: data.title, rating: data.rating, status: data.status }
      : { slug: '', title: '', rating: 0, status: 'deleted' };
  return {
    position: String(streamed.position),
    review: {
      type: event.type,
      eventId: event.id,
      occurredAt: event.occurredAt,
      reviewId: data.reviewId,
      cameraId: data.cameraId,
      authorId: data.authorId,
      version: data.version,
      ...shown,
    },
  };
}
