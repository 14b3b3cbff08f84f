// Original file: proto/content.proto


export interface ListContentRequest {
  /**
   * 1-based page; ignored when `cursor` is set.
   */
  'page'?: (number);
  /**
   * Page size 1–100 (0 → 20).
   */
  'limit'?: (number);
  'cameraId'?: (string);
  /**
   * Full-text query over title, camera (brand + model), verdict and body: accent- and case-insensitive,
   * at most 200 characters; every word (the first 8 count) must match, as a word prefix or, for words of
   * 4+ characters, as a similar word (typo tolerance by trigram word similarity).
   */
  'q'?: (string);
  /**
   * Camera brand, case-insensitive exact match.
   */
  'brand'?: (string);
  /**
   * Editor id of the review's author.
   */
  'authorId'?: (string);
  /**
   * Rating at least this (0–10).
   */
  'minRating'?: (number | string);
  /**
   * Published at or after this ISO 8601 date (`2025-01-31`, UTC midnight) or date-time (no offset = UTC).
   */
  'publishedAfter'?: (string);
  /**
   * API field names, `-` = descending: publishedAt, updatedAt, rating, title, and relevance (only with q;
   * `relevance` = most relevant first). Comma lists are accepted in any element. Default: relevance
   * (then -publishedAt) when q is set, else -publishedAt. The review id always breaks ties.
   */
  'sort'?: (string)[];
  /**
   * Opaque cursor from a previous `next_cursor` (same sort); continues right after that page's last item.
   */
  'cursor'?: (string);
  '_cameraId'?: "cameraId";
  '_q'?: "q";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_publishedAfter'?: "publishedAfter";
  '_cursor'?: "cursor";
}

export interface ListContentRequest__Output {
  /**
   * 1-based page; ignored when `cursor` is set.
   */
  'page': (number);
  /**
   * Page size 1–100 (0 → 20).
   */
  'limit': (number);
  'cameraId'?: (string);
  /**
   * Full-text query over title, camera (brand + model), verdict and body: accent- and case-insensitive,
   * at most 200 characters; every word (the first 8 count) must match, as a word prefix or, for words of
   * 4+ characters, as a similar word (typo tolerance by trigram word similarity).
   */
  'q'?: (string);
  /**
   * Camera brand, case-insensitive exact match.
   */
  'brand'?: (string);
  /**
   * Editor id of the review's author.
   */
  'authorId'?: (string);
  /**
   * Rating at least this (0–10).
   */
  'minRating'?: (number);
  /**
   * Published at or after this ISO 8601 date (`2025-01-31`, UTC midnight) or date-time (no offset = UTC).
   */
  'publishedAfter'?: (string);
  /**
   * API field names, `-` = descending: publishedAt, updatedAt, rating, title, and relevance (only with q;
   * `relevance` = most relevant first). Comma lists are accepted in any element. Default: relevance
   * (then -publishedAt) when q is set, else -publishedAt. The review id always breaks ties.
   */
  'sort': (string)[];
  /**
   * Opaque cursor from a previous `next_cursor` (same sort); continues right after that page's last item.
   */
  'cursor'?: (string);
  '_cameraId'?: "cameraId";
  '_q'?: "q";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_publishedAfter'?: "publishedAfter";
  '_cursor'?: "cursor";
}
