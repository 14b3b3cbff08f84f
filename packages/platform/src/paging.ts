import { errors } from './errors.ts';

/** Default page size when the caller sends none (proto int32 unset arrives as 0). */
export const DEFAULT_LIMIT = 20;
/** Largest page size a caller may ask for. */
export const MAX_LIMIT = 100;

/**
 * Deepest row a page number may reach (page × limit): skipping rows costs the database a walk over every
 * one of them, so deeper pages are refused with a pointer to the list's cursor (`meta.nextCursor`), which
 * costs the same at any depth.
 */
export const MAX_PAGE_DEPTH = 10_000;

/** A resolved page: 1-based page number, page size and the row offset they imply. */
export interface Page {
  page: number;
  limit: number;
  offset: number;
}

/**
 * Turns a requested page/limit into a safe one: limit clamped to 1..100 (0 → 20), page at least 1. A page
 * reaching past MAX_PAGE_DEPTH rows → VALIDATION_FAILED on `page` (with a cursor the page is not used).
 */
export function paginate(request: {
  page?: number | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}): Page {
  const requested = whole(request.limit);
  const limit = requested === 0 ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(1, requested));
  const page = Math.max(1, whole(request.page));
  if (page * limit > MAX_PAGE_DEPTH && !request.cursor?.trim()) {
    throw errors.invalid('VALIDATION_FAILED', 'the page is too deep for page numbers', [
      {
        field: 'page',
        message: `page × limit may be at most ${MAX_PAGE_DEPTH}; go further with cursor=meta.nextCursor`,
      },
    ]);
  }
  return { page, limit, offset: (page - 1) * limit };
}

/** The deepest page number a list of `limit` items per page answers (see MAX_PAGE_DEPTH). */
export function maxPageNumber(limit: number): number {
  return Math.max(1, Math.floor(MAX_PAGE_DEPTH / Math.max(1, limit)));
}

function whole(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? Math.trunc(value) : 0;
}
