import type { ContentV1 } from '@rcr/contracts';
import { errors, type Database, type UnaryHandlers } from '@rcr/platform';
import { parseAwaitRequest, type VersionNotifier } from '../domain/await-versions.ts';
import {
  assertComparableIds,
  compareCameras,
  unknownCamerasError,
  type Comparison,
} from '../domain/compare-cameras.ts';
import { parseCameraIds, parseCameraQuery } from '../domain/list-cameras.ts';
import { pageOf, parseContentQuery, type ContentListRequest } from '../domain/list-content.ts';
import { joinFragments, type PublicReview } from '../domain/render-review.ts';
import {
  findCameraSummaries,
  findCameraSummary,
  listCameraSummaries,
  type CameraSummaryView,
} from '../store/camera-repository.ts';
import { findPublicJsonBySlug } from '../store/content-repository.ts';
import { DEFAULT_SEARCH_LIMITS, searchContent, type SearchLimits } from '../store/content-search.ts';

/**
 * Whether the database the reads go to shows every transaction the primary committed so far, waiting
 * at most `timeoutMs` (ReadReplica.caughtUp); absent when reads go to the primary.
 */
export type ReadsCaughtUp = (timeoutMs: number) => Promise<boolean>;

/**
 * The ContentService rpcs: validate, read the projection, map rows to messages. `db` serves the reads
 * (the replica's router with DATABASE_READ_URL, ADR 0028); `versions` holds the read-your-writes waits
 * (AwaitVersions), told by the projection what it applied on the primary, and `readsCaughtUp` then waits
 * for the replica to show it; `searchLimits` bound the counts and relevance ranking of searches.
 */
export function contentHandlers(
  db: Database,
  versions: VersionNotifier,
  searchLimits: SearchLimits = DEFAULT_SEARCH_LIMITS,
  readsCaughtUp?: ReadsCaughtUp,
): UnaryHandlers<ContentV1.ContentServiceHandlers> {
  return {
    async ListContent(request) {
      const page = await listContent(db, request, searchLimits);
      return {
        items: page.fragments.map(toContentItem),
        total: page.total,
        totalIsEstimate: page.totalIsEstimate,
        nextCursor: page.nextCursor,
      };
    },

    async GetContent(request) {
      return toContentItem(await publicJsonOf(db, request.slug));
    },

    async ListContentJson(request) {
      const page = await listContent(db, request, searchLimits);
      return {
        items: joinFragments(page.fragments),
        total: page.total,
        totalIsEstimate: page.totalIsEstimate,
        nextCursor: page.nextCursor,
      };
    },

    async GetContentJson(request) {
      return { item: Buffer.from(await publicJsonOf(db, request.slug)) };
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

    async GetCameras(request) {
      const cameras = await findCameraSummaries(db, parseCameraIds(request.ids));
      return { items: cameras.map(toCameraSummary), total: cameras.length, nextCursor: '' };
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
      const started = Date.now();
      // `busy` (too many waits held) and `timeout` both answer not reached: the caller reads what there is.
      if ((await versions.wait(watermarks, timeoutMs)) !== 'reached') return { reached: false };
      // Applied on the primary; the reads that follow may be served by a replica: reached once it shows it.
      if (!readsCaughtUp || watermarks.length === 0) return { reached: true };
      return { reached: await readsCaughtUp(timeoutMs - (Date.now() - started)) };
    },
  };
}

/** One page of published reviews as their stored public JSON, the filtered total and the next cursor. */
async function listContent(
  db: Database,
  request: ContentListRequest,
  searchLimits: SearchLimits,
): Promise<{ fragments: string[]; total: number; totalIsEstimate: boolean; nextCursor: string }> {
  const query = parseContentQuery(request);
  const { rows, total, totalIsEstimate } = await searchContent(db, query, searchLimits);
  const page = pageOf(query, rows);
  return {
    fragments: page.rows.map((row) => row.publicJson),
    total,
    totalIsEstimate,
    nextCursor: page.nextCursor,
  };
}

/** The stored public JSON of the review with this slug; CONTENT_NOT_FOUND when none is published. */
async function publicJsonOf(db: Database, slug: string): Promise<string> {
  const json = slug ? await findPublicJsonBySlug(db, slug) : undefined;
  if (json === undefined)
    throw errors.notFound('CONTENT_NOT_FOUND', `no published review has the slug "${slug}"`);
  return json;
}

/** The structured message of a review, read from its public JSON (what the API shows is the source). */
function toContentItem(json: string): ContentV1.ContentItem {
  const review = JSON.parse(json) as PublicReview;
  return {
    reviewId: review.id,
    slug: review.slug,
    title: review.title,
    body: review.body,
    rating: review.rating,
    pros: review.pros,
    cons: review.cons,
    verdict: review.verdict,
    language: review.language,
    publishedAt: review.publishedAt,
    updatedAt: review.updatedAt,
    cameraId: review.camera.id,
    cameraName: review.camera.name,
    authorId: review.author.id,
    authorName: review.author.name,
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
    streetPrices: view.streetPrices,
    lowestPrices: view.lowestPrices,
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
