// Original file: proto/reviews.proto


/**
 * A delete with optional optimistic concurrency. Field 1 matches Ref, so Ref-shaped calls stay valid.
 */
export interface DeleteRequest {
  'id'?: (string);
  /**
   * When set (from If-Match), the delete fails with VERSION_MISMATCH unless the resource is at it.
   */
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}

/**
 * A delete with optional optimistic concurrency. Field 1 matches Ref, so Ref-shaped calls stay valid.
 */
export interface DeleteRequest__Output {
  'id': (string);
  /**
   * When set (from If-Match), the delete fails with VERSION_MISMATCH unless the resource is at it.
   */
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}
