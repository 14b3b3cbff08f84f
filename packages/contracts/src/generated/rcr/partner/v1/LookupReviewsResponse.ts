// Original file: proto/partner.proto

import type { Review as _rcr_partner_v1_Review, Review__Output as _rcr_partner_v1_Review__Output } from '../../../rcr/partner/v1/Review.ts';
import type { LookupError as _rcr_partner_v1_LookupError, LookupError__Output as _rcr_partner_v1_LookupError__Output } from '../../../rcr/partner/v1/LookupError.ts';

export interface LookupReviewsResponse {
  /**
   * The slug asked, so answers can be matched without counting.
   */
  'slug'?: (string);
  'review'?: (_rcr_partner_v1_Review | null);
  'error'?: (_rcr_partner_v1_LookupError | null);
  'result'?: "review"|"error";
}

export interface LookupReviewsResponse__Output {
  /**
   * The slug asked, so answers can be matched without counting.
   */
  'slug': (string);
  'review'?: (_rcr_partner_v1_Review__Output | null);
  'error'?: (_rcr_partner_v1_LookupError__Output | null);
  'result'?: "review"|"error";
}
