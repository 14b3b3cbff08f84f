// Original file: proto/partner.proto

import type { ReviewChanged as _rcr_partner_v1_ReviewChanged, ReviewChanged__Output as _rcr_partner_v1_ReviewChanged__Output } from '../../../rcr/partner/v1/ReviewChanged.ts';
import type { StreamReset as _rcr_partner_v1_StreamReset, StreamReset__Output as _rcr_partner_v1_StreamReset__Output } from '../../../rcr/partner/v1/StreamReset.ts';

/**
 * One message of WatchReviews.
 */
export interface ReviewEvent {
  /**
   * Position in the event log (decimal digits); resume with WatchReviewsRequest.after = this.
   */
  'position'?: (string);
  'review'?: (_rcr_partner_v1_ReviewChanged | null);
  'reset'?: (_rcr_partner_v1_StreamReset | null);
  'kind'?: "review"|"reset";
}

/**
 * One message of WatchReviews.
 */
export interface ReviewEvent__Output {
  /**
   * Position in the event log (decimal digits); resume with WatchReviewsRequest.after = this.
   */
  'position': (string);
  'review'?: (_rcr_partner_v1_ReviewChanged__Output | null);
  'reset'?: (_rcr_partner_v1_StreamReset__Output | null);
  'kind'?: "review"|"reset";
}
