// Original file: proto/partner.proto


/**
 * A review was published, changed while published, or unpublished.
 */
export interface ReviewChanged {
  /**
   * review.published, review.updated or review.unpublished.
   */
  'type'?: (string);
  /**
   * The event's id (UUIDv7), the same on every stream.
   */
  'eventId'?: (string);
  'occurredAt'?: (string);
  'reviewId'?: (string);
  'slug'?: (string);
  'title'?: (string);
  'rating'?: (number | string);
  'cameraId'?: (string);
  'authorId'?: (string);
  /**
   * "published" or "draft" (after review.unpublished).
   */
  'status'?: (string);
  'version'?: (number);
}

/**
 * A review was published, changed while published, or unpublished.
 */
export interface ReviewChanged__Output {
  /**
   * review.published, review.updated or review.unpublished.
   */
  'type': (string);
  /**
   * The event's id (UUIDv7), the same on every stream.
   */
  'eventId': (string);
  'occurredAt': (string);
  'reviewId': (string);
  'slug': (string);
  'title': (string);
  'rating': (number);
  'cameraId': (string);
  'authorId': (string);
  /**
   * "published" or "draft" (after review.unpublished).
   */
  'status': (string);
  'version': (number);
}
