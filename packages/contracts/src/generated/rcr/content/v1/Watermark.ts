// Original file: proto/content.proto


/**
 * A version of one entity that a write produced.
 */
export interface Watermark {
  /**
   * "review" or "camera".
   */
  'kind'?: (string);
  'id'?: (string);
  'version'?: (number);
}

/**
 * A version of one entity that a write produced.
 */
export interface Watermark__Output {
  /**
   * "review" or "camera".
   */
  'kind': (string);
  'id': (string);
  'version': (number);
}
