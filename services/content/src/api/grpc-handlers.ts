import type { ContentV1 } from '@rcr/contracts';
import { errors, type Database, type UnaryHandlers } from '@rcr/platform';
import { parseAwaitRequest, type VersionNotifier } from '../domain/await-versions.ts';
import {
  assertComparableIds,
  compareCameras,
  unknownCamerasError,
  type Comparison,
} from '../domain/compare-cameras.ts';
import { parseCameraQuery } from '../domain/list-cameras.ts';
import { pageOf, parseContentQuery } from '../domain/list-content.ts';
import {
  findCameraSummaries,
  findCameraSummary,
  listCameraSummaries,
  type CameraSummaryView,
} from '../store/camera-repository.ts';
import { findContentBySlug, type ContentView } from '../store/content-repository.ts';
import { DEFAULT_SEARCH_LIMITS, searchContent, type SearchLimits } from '../store/content-search.ts';

/**
 * The ContentService rpcs: validate, read the projection, map rows to messages. `versions` holds the
 * read-your-writes waits (AwaitVersions), told by the projection what it applied; `searchLimits` bound
 * counts and ranking (RCR_SEARCH_COUNT_CAP).
 */
export function contentHandlers(
  db: Database,
  versions: VersionNotifier,
  searchLimits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): UnaryHandlers<ContentV1.ContentServiceHandlers> {
  return {
    async ListContent(request) {
      const query = parseContentQuery(request);
      const { rows, total, totalIsEstimate } = await searchContent(db, query, searchLimits);
      const page = pageOf(query, rows);
      return { items: page.rows.map(toContentItem), total, totalIsEstimate, nextCursor: page.nextCursor };
    },

    async GetContent(request) {
      const item = request.slug ? await findContentBySlug(db, request.slug) : undefined;
      if (!item)
        throw errors.notFound('CONTENT_NOT_FOUND', `no published review has the slug "${request.slug}"`);
      return toContentItem(item);
    },

    async ListCameras(request) {
      const { items, total, nextCursor } = await listCameraSummaries(db, parseCameraQuery(request));
      return { items: items.map(toCameraSummary), total, nextCursor };
    },

    async GetCamera(request) {
      const camera = request.id ? await findCameraSummary(db, request.id) : undefined;
      if (!camera) throw errors.notFound('CAMERA_NOT_FOUND', `no camera has the id "${request.id}"`);
      return toCameraSummary(camera);
    },

    async CompareCameras(request) {
      const ids = assertComparableIds(request.cameraIds);
      const found = await findCameraSummaries(db, ids);
      const unknown = unknownCamerasError(ids, found);
      if (unknown) throw unknown;
      const byId = new Map(found.map((camera) => [camera.id, camera]));
      return toComparison(compareCameras(ids.map((id) => byId.get(id) as CameraSummaryView)));
    },

    async AwaitVersions(request) {
      const { watermarks, timeoutMs } = parseAwaitRequest(request);
      // `busy` (too many waits held) and `timeout` both answer not reached: the caller reads what there is.
      return { reached: (await versions.wait(watermarks, timeoutMs)) === 'reached' };
    },
  };
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

/** Unknown values (null) become unset optional fields. */
function toComparison(comparison: Comparison): ContentV1.Comparison {
  return {
    cameras: comparison.cameras,
    fields: comparison.fields.map((field) => ({
      field: field.field,
      unit: field.unit,
      better: field.better,
      bestCameraIds: field.bestCameraIds,
      values: field.values.map((v) => ({
        cameraId: v.cameraId,
        ...(v.value === null ? {} : { value: v.value }),
        ...(v.display === null ? {} : { display: v.display }),
      })),
    })),
  };
}
