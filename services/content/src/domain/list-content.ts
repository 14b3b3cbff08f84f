import { CONTENT_SORT_FIELDS, RELEVANCE_SORT_FIELD, REVIEW_LIMITS, storableTime } from '@rcr/contracts';
import { decodeCursor, encodeCursor, errors, paginate, parseSort, type Page } from '@rcr/platform';
import { searchText } from './search-text.ts';

/** Sort fields of the public review list, in API terms; `relevance` only with a search text. */
export type ContentSortField = (typeof CONTENT_SORT_FIELDS)[number] | typeof RELEVANCE_SORT_FIELD;

/**
 * One key of the list's order. For `relevance`, ascending means most relevant first (rank 1, 2, …), so
 * `sort=relevance` is the natural search order and `-relevance` reverses it.
 */
export interface ContentSortKey {
  field: ContentSortField;
  descending: boolean;
}

/** What a list request asks for, as the API sends it (the proto message has this shape). */
export interface ContentListRequest {
  page?: number | undefined;
  limit?: number | undefined;
  cameraId?: string | undefined;
  q?: string | undefined;
  brand?: string | undefined;
  authorId?: string | undefined;
  minRating?: number | undefined;
  publishedAfter?: string | undefined;
  sort?: readonly string[] | undefined;
  cursor?: string | undefined;
}

/** Filters of the list; an undefined one matches everything. */
export interface ContentFilter {
  cameraId?: string | undefined;
  /** Camera brand, case-insensitive. */
  brand?: string | undefined;
  authorId?: string | undefined;
  /** Rating at least this. */
  minRating?: number | undefined;
  /** ISO 8601 instant (UTC); published at or after it. */
  publishedAfter?: string | undefined;
}

/** The sort-key values of one row, from which its cursor is made. */
export interface ContentSortValues {
  reviewId: string;
  publishedAt: string;
  updatedAt: string;
  rating: number;
  /** The folded title the `title` sort orders by. */
  titleKey: string;
  /** The row's search rank (0 without a search text). */
  relevance: number;
}

/** A validated list request: filters, search text, order and where the page starts. */
export interface ContentQuery {
  filter: ContentFilter;
  /** The search text as sent (trimmed); the database folds it. */
  text: string | undefined;
  sort: ContentSortKey[];
  /** Page and size; with a cursor the page is ignored (offset 0). */
  page: Page;
  /** The keyset position a cursor points after: one value per sort key, then the review id. */
  after: { values: (string | number)[]; reviewId: string } | undefined;
}

const FALLBACK_SORT: ContentSortKey[] = [{ field: 'publishedAt', descending: true }];
const SEARCH_FALLBACK_SORT: ContentSortKey[] = [
  { field: 'relevance', descending: false },
  { field: 'publishedAt', descending: true },
];

/**
 * Validates a list request. Bad filters → VALIDATION_FAILED with one error per field (`publishedAfter`,
 * `minRating`, `q`); an unknown sort field or a cursor not made for this order → VALIDATION_FAILED on
 * `sort` / `cursor`.
 */
export function parseContentQuery(request: ContentListRequest): ContentQuery {
  const fieldErrors: { field: string; message: string }[] = [];
  const text = searchText(request.q, 'q', fieldErrors);
  const publishedAfter = optional(request.publishedAfter, (value) => {
    const instant = parseInstant(value);
    if (instant === undefined) {
      fieldErrors.push({
        field: 'publishedAfter',
        message: 'must be an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z)',
      });
    }
    return instant;
  });
  const minRating = request.minRating;
  const { min, max } = REVIEW_LIMITS.rating;
  if (minRating !== undefined && !(Number.isFinite(minRating) && minRating >= min && minRating <= max)) {
    fieldErrors.push({ field: 'minRating', message: `must be a number from ${min} to ${max}` });
  }
  if (fieldErrors.length > 0) {
    throw errors.invalid('VALIDATION_FAILED', 'the list request is not valid', fieldErrors);
  }

  const sort = parseSort(
    request.sort ?? [],
    text ? [...CONTENT_SORT_FIELDS, RELEVANCE_SORT_FIELD] : CONTENT_SORT_FIELDS,
    text ? SEARCH_FALLBACK_SORT : FALLBACK_SORT,
  ) as ContentSortKey[];
  const cursor = request.cursor?.trim();
  const after = cursor ? decodeContentCursor(cursor, sort) : undefined;
  const page = paginate(request);
  return {
    filter: {
      cameraId: optional(request.cameraId, (v) => v),
      brand: optional(request.brand, (v) => v),
      authorId: optional(request.authorId, (v) => v),
      minRating,
      publishedAfter,
    },
    text,
    sort,
    page: after ? { ...page, page: 1, offset: 0 } : page,
    after,
  };
}

/** The cursor that continues a list right after `row` (the last row of a page) in this order. */
export function encodeContentCursor(sort: readonly ContentSortKey[], row: ContentSortValues): string {
  return encodeCursor([signature(sort), ...sort.map((key) => sortValue(key.field, row)), row.reviewId]);
}

/** One page of rows fetched with one extra row: the page's rows and the cursor of the next (empty if none). */
export function pageOf<T extends ContentSortValues>(
  query: ContentQuery,
  fetched: readonly T[],
): { rows: T[]; nextCursor: string } {
  const rows = fetched.slice(0, query.page.limit);
  const last = rows.at(-1);
  const more = fetched.length > query.page.limit && last !== undefined;
  return { rows, nextCursor: more ? encodeContentCursor(query.sort, last) : '' };
}

function sortValue(field: ContentSortField, row: ContentSortValues): string | number {
  switch (field) {
    case 'publishedAt':
      return row.publishedAt;
    case 'updatedAt':
      return row.updatedAt;
    case 'rating':
      return row.rating;
    case 'title':
      return row.titleKey;
    case 'relevance':
      return row.relevance;
  }
}

/** The order a cursor was made for, so that a cursor of another order is refused rather than misread. */
function signature(sort: readonly ContentSortKey[]): string {
  return sort.map((key) => `${key.descending ? '-' : ''}${key.field}`).join(',');
}

function decodeContentCursor(
  cursor: string,
  sort: readonly ContentSortKey[],
): { values: (string | number)[]; reviewId: string } {
  const decoded = decodeCursor(cursor, sort.length + 2);
  const [made, ...rest] = decoded;
  const reviewId = rest.pop();
  const valid =
    made === signature(sort) &&
    typeof reviewId === 'string' &&
    sort.every((key, i) => validSortValue(key.field, rest[i]));
  if (!valid) {
    throw errors.invalid('VALIDATION_FAILED', 'the cursor is not valid for this list', [
      { field: 'cursor', message: 'the cursor was made for another sort order or is damaged' },
    ]);
  }
  return { values: rest as (string | number)[], reviewId: reviewId as string };
}

function validSortValue(field: ContentSortField, value: unknown): boolean {
  switch (field) {
    case 'publishedAt':
    case 'updatedAt':
      return typeof value === 'string' && parseInstant(value) !== undefined;
    case 'title':
      return typeof value === 'string';
    case 'rating':
    case 'relevance':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date (`2025-01-31`, taken as UTC midnight) or date-time (`2025-01-31T10:00`, `…:00Z`,
 * `…+02:00`; no offset means UTC) as an ISO instant in UTC; undefined when it is not a real date-time.
 */
export function parseInstant(value: string): string | undefined {
  const m = INSTANT.exec(value.trim());
  if (!m) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = m;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth)
    return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  // Year 0000 (or an offset across 0001 or 9999) parses but PostgreSQL cannot store it.
  const time = storableTime(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  return time === undefined ? undefined : new Date(time).toISOString();
}

/** An optional string parameter: unset or blank means "not given". */
function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  const trimmed = value?.trim();
  return trimmed ? parse(trimmed) : undefined;
}
