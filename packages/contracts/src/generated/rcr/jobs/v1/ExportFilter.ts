// Original file: proto/jobs.proto


/**
 * Which published reviews an export holds; every field optional, all given ones must match.
 */
export interface ExportFilter {
  'cameraId'?: (string);
  /**
   * Camera brand, case-insensitive.
   */
  'brand'?: (string);
  'authorId'?: (string);
  'minRating'?: (number | string);
  /**
   * Case-insensitive text that the title, body or verdict contains.
   */
  'q'?: (string);
  /**
   * ISO 8601 date or date-time: published at or after it.
   */
  'publishedAfter'?: (string);
  '_cameraId'?: "cameraId";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_q'?: "q";
  '_publishedAfter'?: "publishedAfter";
}

/**
 * Which published reviews an export holds; every field optional, all given ones must match.
 */
export interface ExportFilter__Output {
  'cameraId'?: (string);
  /**
   * Camera brand, case-insensitive.
   */
  'brand'?: (string);
  'authorId'?: (string);
  'minRating'?: (number);
  /**
   * Case-insensitive text that the title, body or verdict contains.
   */
  'q'?: (string);
  /**
   * ISO 8601 date or date-time: published at or after it.
   */
  'publishedAfter'?: (string);
  '_cameraId'?: "cameraId";
  '_brand'?: "brand";
  '_authorId'?: "authorId";
  '_minRating'?: "minRating";
  '_q'?: "q";
  '_publishedAfter'?: "publishedAfter";
}
