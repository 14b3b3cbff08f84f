import type { ContentRow } from './project-review.ts';

/**
 * Version of the stored public JSON's shape. Raise it whenever `renderPublicReview` changes what it
 * writes: on start-up the service re-renders every stored fragment of an older version (see
 * `renderStaleFragments`), so the read model never serves two shapes at once for long.
 */
export const PUBLIC_JSON_VERSION = 2;

/** The names a review's public JSON embeds; both are kept current by the projection. */
export interface EmbeddedNames {
  /** Brand and model; empty while the camera is not yet known. */
  cameraName: string;
  /** Empty while the editor is not yet known. */
  authorName: string;
}

/** A ready image of a review as the read model keeps it: the display rendition's size and the thumbnail's. */
export interface ReviewImage {
  id: string;
  width: number;
  height: number;
  thumbnail: { width: number; height: number };
}

/** A review image in the public JSON: stable paths, which the gateway redirects to signed links (ADR 0032). */
export interface PublicImage {
  id: string;
  width: number;
  height: number;
  url: string;
  thumbnail: { url: string; width: number; height: number };
}

/** The stable path of an image's rendition: answered by a redirect to a fresh signed link. */
export function imagePath(reviewId: string, imageId: string, rendition: 'display' | 'thumbnail'): string {
  return `/v1/reviews/${reviewId}/images/${imageId}/${rendition}`;
}

/** A published review as the public API shows it (the gateway's `PublishedReview`). */
export interface PublicReview {
  id: string;
  slug: string;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: string;
  publishedAt: string;
  updatedAt: string;
  camera: { id: string; name: string };
  author: { id: string; name: string };
  images: PublicImage[];
}

/**
 * The public JSON of one published review, exactly as the API shows it (one item of `GET /v1/content`,
 * the `data` of `GET /v1/content/{slug}`): rendered once, when the event is applied, stored by the read
 * model and sent as bytes from then on. Field order and values are those of the gateway's
 * `PublishedReview` schema; instants are normalised as the database reads them back (UTC, milliseconds).
 * Images (ready ones, oldest first) carry stable paths, never signed links: the fragment is cached.
 */
export function renderPublicReview(
  row: ContentRow,
  names: EmbeddedNames,
  images: readonly ReviewImage[] = [],
): string {
  const review: PublicReview = {
    id: row.reviewId,
    slug: row.slug,
    title: row.title,
    body: row.body,
    rating: Number(row.rating),
    pros: row.pros,
    cons: row.cons,
    verdict: row.verdict,
    language: row.language,
    publishedAt: instant(row.publishedAt),
    updatedAt: instant(row.updatedAt),
    camera: { id: row.cameraId, name: names.cameraName },
    author: { id: row.authorId, name: names.authorName },
    images: images.map((image) => ({
      id: image.id,
      width: image.width,
      height: image.height,
      url: imagePath(row.reviewId, image.id, 'display'),
      thumbnail: { url: imagePath(row.reviewId, image.id, 'thumbnail'), ...image.thumbnail },
    })),
  };
  return JSON.stringify(review);
}

/** The page of a list: its items' stored JSON as one JSON array, without parsing any of them. */
export function joinFragments(fragments: readonly string[]): Buffer {
  return Buffer.from(`[${fragments.join(',')}]`);
}

/** An ISO 8601 instant as PostgreSQL's timestamptz reads back (see the platform's value parsers). */
function instant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
