import type { ContentV1 } from '@rcr/contracts';
import { errors, paginate, type Queryable, type UnaryHandlers } from '@rcr/platform';
import {
  countCameras,
  findCameraSummary,
  listCameraSummaries,
  type CameraSummaryView,
} from '../store/camera-repository.ts';
import {
  countContent,
  findContentBySlug,
  listContent,
  type ContentView,
} from '../store/content-repository.ts';

/** The ContentService rpcs: read the projection, map rows to messages. */
export function contentHandlers(db: Queryable): UnaryHandlers<ContentV1.ContentServiceHandlers> {
  return {
    async ListContent(request) {
      const page = paginate(request);
      const cameraId = filterValue(request.cameraId);
      const items = await listContent(db, cameraId, page);
      const total = await countContent(db, cameraId);
      return { items: items.map(toContentItem), total };
    },

    async GetContent(request) {
      const item = request.slug ? await findContentBySlug(db, request.slug) : undefined;
      if (!item)
        throw errors.notFound('CONTENT_NOT_FOUND', `no published review has the slug "${request.slug}"`);
      return toContentItem(item);
    },

    async ListCameras(request) {
      const page = paginate(request);
      const filter = { brand: filterValue(request.brand), type: filterValue(request.type) };
      const items = await listCameraSummaries(db, filter, page);
      const total = await countCameras(db, filter);
      return { items: items.map(toCameraSummary), total };
    },

    async GetCamera(request) {
      const camera = request.id ? await findCameraSummary(db, request.id) : undefined;
      if (!camera) throw errors.notFound('CAMERA_NOT_FOUND', `no camera has the id "${request.id}"`);
      return toCameraSummary(camera);
    },
  };
}

/** An optional string filter: unset or empty means "no filter". */
function filterValue(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function toContentItem(view: ContentView): ContentV1.ContentItem {
  return {
    reviewId: view.reviewId,
    slug: view.slug,
    title: view.title,
    body: view.body,
    rating: view.rating,
    pros: view.pros,
    cons: view.cons,
    verdict: view.verdict,
    language: view.language,
    publishedAt: view.publishedAt,
    updatedAt: view.updatedAt,
    cameraId: view.cameraId,
    cameraName: view.cameraName,
    authorId: view.authorId,
    authorName: view.authorName,
  };
}

function toCameraSummary(view: CameraSummaryView): ContentV1.CameraSummary {
  return {
    id: view.id,
    brand: view.brand,
    model: view.model,
    type: view.type,
    specs: view.specs,
    averageRating: view.averageRating,
    reviewCount: view.reviewCount,
    version: view.version,
  };
}
