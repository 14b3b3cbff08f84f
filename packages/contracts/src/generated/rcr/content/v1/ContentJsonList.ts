// Original file: proto/content.proto


/**
 * A page of published reviews as the public API shows it.
 */
export interface ContentJsonList {
  /**
   * The page's reviews as one JSON array (UTF-8), each item exactly one `PublishedReview` of the API.
   */
  'items'?: (Buffer | Uint8Array | string);
  /**
   * Size of the whole filtered set (independent of page and cursor), exact unless total_is_estimate.
   */
  'total'?: (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor'?: (string);
  /**
   * Whether `total` is a bounded count (the cap: at least that many match) rather than the exact size.
   */
  'totalIsEstimate'?: (boolean);
}

/**
 * A page of published reviews as the public API shows it.
 */
export interface ContentJsonList__Output {
  /**
   * The page's reviews as one JSON array (UTF-8), each item exactly one `PublishedReview` of the API.
   */
  'items': (Buffer);
  /**
   * Size of the whole filtered set (independent of page and cursor), exact unless total_is_estimate.
   */
  'total': (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor': (string);
  /**
   * Whether `total` is a bounded count (the cap: at least that many match) rather than the exact size.
   */
  'totalIsEstimate': (boolean);
}
