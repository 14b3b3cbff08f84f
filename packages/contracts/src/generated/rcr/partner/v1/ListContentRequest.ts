// Original file: proto/partner.proto


export interface ListContentRequest {
  /**
   * Reviews per page, 1–100; 0 means 20.
   */
  'pageSize'?: (number);
  /**
   * `next_page_token` of the previous page (same filters and sort); empty for the first page.
   */
  'pageToken'?: (string);
  /**
   * Full-text search over title, camera, verdict and body (accent-insensitive, typo-tolerant).
   */
  'q'?: (string);
  'cameraId'?: (string);
  /**
   * Camera brand, case-insensitive.
   */
  'brand'?: (string);
  /**
   * The author's (editor's) id.
   */
  'authorId'?: (string);
  /**
   * Rating at least this (0–10).
   */
  'minRating'?: (number | string);
  /**
   * Published at or after this ISO 8601 date or date-time.
   */
  'publishedAfter'?: (string);
  /**
   * API field names, `-` = descending: publishedAt, updatedAt, rating, title, relevance (with q).
   * Default: -publishedAt (relevance with q).
   */
  'sort'?: (string)[];
  '_q'?: "q";
  '_cameraId'?: "cameraId";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_publishedAfter'?: "publishedAfter";
}

export interface ListContentRequest__Output {
  /**
   * Reviews per page, 1–100; 0 means 20.
   */
  'pageSize': (number);
  /**
   * `next_page_token` of the previous page (same filters and sort); empty for the first page.
   */
  'pageToken': (string);
  /**
   * Full-text search over title, camera, verdict and body (accent-insensitive, typo-tolerant).
   */
  'q'?: (string);
  'cameraId'?: (string);
  /**
   * Camera brand, case-insensitive.
   */
  'brand'?: (string);
  /**
   * The author's (editor's) id.
   */
  'authorId'?: (string);
  /**
   * Rating at least this (0–10).
   */
  'minRating'?: (number);
  /**
   * Published at or after this ISO 8601 date or date-time.
   */
  'publishedAfter'?: (string);
  /**
   * API field names, `-` = descending: publishedAt, updatedAt, rating, title, relevance (with q).
   * Default: -publishedAt (relevance with q).
   */
  'sort': (string)[];
  '_q'?: "q";
  '_cameraId'?: "cameraId";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_publishedAfter'?: "publishedAfter";
}
