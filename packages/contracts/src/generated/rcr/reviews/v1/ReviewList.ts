// Original file: proto/reviews.proto

import type { Review as _rcr_reviews_v1_Review, Review__Output as _rcr_reviews_v1_Review__Output } from '../../../rcr/reviews/v1/Review.ts';

export interface ReviewList {
  'items'?: (_rcr_reviews_v1_Review)[];
  /**
   * How many reviews match the filters (all pages).
   */
  'total'?: (number);
  /**
   * Opaque cursor of the page after this one; empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface ReviewList__Output {
  'items': (_rcr_reviews_v1_Review__Output)[];
  /**
   * How many reviews match the filters (all pages).
   */
  'total': (number);
  /**
   * Opaque cursor of the page after this one; empty on the last page.
   */
  'nextCursor': (string);
}
