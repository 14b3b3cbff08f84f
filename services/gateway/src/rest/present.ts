import type { CameraType, ContentV1, IdentityV1, ReviewsV1 } from '@rcr/contracts';

/** Drops proto-loader's virtual `_field` oneof markers and unset optionals. */
function clean<T extends object>(message: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(message).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null),
  );
}

/** An editor account as the API shows it (never the password hash: the message has none). */
export function presentEditor(e: IdentityV1.Editor__Output) {
  return {
    id: e.id,
    email: e.email,
    name: e.name,
    role: e.role as 'admin' | 'editor',
    active: e.active,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    version: e.version,
  };
}

/** A camera from the write side. */
export function presentCamera(c: ReviewsV1.Camera__Output) {
  return {
    id: c.id,
    brand: c.brand,
    model: c.model,
    type: c.type as CameraType,
    specs: clean(c.specs ?? {}),
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** A camera from the read side, with its aggregated score. */
export function presentCameraSummary(c: ContentV1.CameraSummary__Output) {
  return {
    id: c.id,
    brand: c.brand,
    model: c.model,
    name: `${c.brand} ${c.model}`,
    type: c.type as CameraType,
    specs: clean(c.specs ?? {}),
    averageRating: c.reviewCount > 0 ? c.averageRating : null,
    reviewCount: c.reviewCount,
    version: c.version,
    streetPrices: c.streetPrices.map(presentStreetPrice),
    lowestPrices: c.lowestPrices.map(presentStreetPrice),
  };
}

/** A street price from the read side (camera reads and comparisons). */
export function presentStreetPrice(p: ContentV1.StreetPrice__Output) {
  return {
    retailer: p.retailer,
    price: p.price,
    currency: p.currency,
    url: p.url,
    observedAt: p.observedAt,
  };
}

/** A review from the write side (drafts included). */
export function presentReview(r: ReviewsV1.Review__Output) {
  return {
    id: r.id,
    slug: r.slug,
    cameraId: r.cameraId,
    authorId: r.authorId,
    title: r.title,
    body: r.body,
    rating: r.rating,
    pros: r.pros,
    cons: r.cons,
    verdict: r.verdict,
    language: r.language,
    status: r.status as 'draft' | 'published',
    publishedAt: r.publishedAt ?? null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
