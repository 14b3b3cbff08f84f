// Original file: proto/content.proto


/**
 * One published review as the public API shows it.
 */
export interface ContentJson {
  /**
   * One `PublishedReview` of the API, as JSON (UTF-8).
   */
  'item'?: (Buffer | Uint8Array | string);
}

/**
 * One published review as the public API shows it.
 */
export interface ContentJson__Output {
  /**
   * One `PublishedReview` of the API, as JSON (UTF-8).
   */
  'item': (Buffer);
}
