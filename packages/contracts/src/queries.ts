/**
 * The rules of list requests, shared by the gateway (query-string schemas) and the services answering
 * them (ListReviews, ListEditors, ListCameras, ListContent): the fields each list may be sorted by and
 * the bound of a search text. Page sizes live with the paging helper in @rcr/platform.
 */

/** Fields the editors' review list may be sorted by (API names; `-` prefix for descending). */
export const REVIEW_SORT_FIELDS = [
  'createdAt',
  'updatedAt',
  'publishedAt',
  'title',
  'rating',
  'status',
] as const;

/** Fields the editor account list may be sorted by. */
export const EDITOR_SORT_FIELDS = ['createdAt', 'name', 'email', 'role'] as const;

/** Fields the public camera list may be sorted by. */
export const CAMERA_SORT_FIELDS = ['brand', 'model', 'averageRating', 'reviewCount'] as const;

/** Fields the public review list may be sorted by; a search adds RELEVANCE_SORT_FIELD. */
export const CONTENT_SORT_FIELDS = ['publishedAt', 'updatedAt', 'rating', 'title'] as const;

/** The sort key only a search text (`q`) makes available: most relevant first. */
export const RELEVANCE_SORT_FIELD = 'relevance';

/** Most characters a search text (`q`) may have. */
export const SEARCH_TEXT_MAX_LENGTH = 200;
