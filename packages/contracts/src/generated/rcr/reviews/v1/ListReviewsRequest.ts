// Original file: proto/reviews.proto


export interface ListReviewsRequest {
  'status'?: (string);
  'mineOnly'?: (boolean);
  'page'?: (number);
  'limit'?: (number);
  /**
   * API field names, `-` for descending: createdAt, updatedAt, publishedAt, title, rating, status.
   * Default -createdAt. Drafts (no publishedAt) sort as the oldest.
   */
  'sort'?: (string)[];
  /**
   * next_cursor of the previous page; when set, `page` is ignored.
   */
  'cursor'?: (string);
  'cameraId'?: (string);
  '_status'?: "status";
  '_cursor'?: "cursor";
  '_cameraId'?: "cameraId";
}

export interface ListReviewsRequest__Output {
  'status'?: (string);
  'mineOnly': (boolean);
  'page': (number);
  'limit': (number);
  /**
   * API field names, `-` for descending: createdAt, updatedAt, publishedAt, title, rating, status.
   * Default -createdAt. Drafts (no publishedAt) sort as the oldest.
   */
  'sort': (string)[];
  /**
   * next_cursor of the previous page; when set, `page` is ignored.
   */
  'cursor'?: (string);
  'cameraId'?: (string);
  '_status'?: "status";
  '_cursor'?: "cursor";
  '_cameraId'?: "cameraId";
}
