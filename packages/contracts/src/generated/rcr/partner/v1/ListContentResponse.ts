// Original file: proto/partner.proto

import type { Review as _rcr_partner_v1_Review, Review__Output as _rcr_partner_v1_Review__Output } from '../../../rcr/partner/v1/Review.ts';

export interface ListContentResponse {
  'reviews'?: (_rcr_partner_v1_Review)[];
  /**
   * Token of the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
  /**
   * Size of the whole filtered set, exact unless total_is_estimate.
   */
  'totalSize'?: (number);
  'totalIsEstimate'?: (boolean);
}

export interface ListContentResponse__Output {
  'reviews': (_rcr_partner_v1_Review__Output)[];
  /**
   * Token of the next page; empty on the last page.
   */
  'nextPageToken': (string);
  /**
   * Size of the whole filtered set, exact unless total_is_estimate.
   */
  'totalSize': (number);
  'totalIsEstimate': (boolean);
}
