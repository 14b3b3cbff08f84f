/** Default page size when the caller sends none (proto int32 unset arrives as 0). */
export const DEFAULT_LIMIT = 20;
/** Largest page size a caller may ask for. */
export const MAX_LIMIT = 100;

/** A resolved page: 1-based page number, page size and the row offset they imply. */
export interface Page {
  page: number;
  limit: number;
  offset: number;
}

/** Turns a requested page/limit into a safe one: limit clamped to 1..100 (0 → 20), page at least 1. */
export function paginate(request: { page?: number | undefined; limit?: number | undefined }): Page {
  const requested = whole(request.limit);
  const limit = requested === 0 ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(1, requested));
  const page = Math.max(1, whole(request.page));
  return { page, limit, offset: (page - 1) * limit };
}

function whole(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? Math.trunc(value) : 0;
}
