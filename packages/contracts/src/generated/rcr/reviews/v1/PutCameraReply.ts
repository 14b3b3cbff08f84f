// Original file: proto/reviews.proto

import type { Camera as _rcr_reviews_v1_Camera, Camera__Output as _rcr_reviews_v1_Camera__Output } from '../../../rcr/reviews/v1/Camera.ts';

export interface PutCameraReply {
  'camera'?: (_rcr_reviews_v1_Camera | null);
  /**
   * True when the id was free (or soft-deleted) and the camera was created; false when replaced.
   */
  'created'?: (boolean);
}

export interface PutCameraReply__Output {
  'camera': (_rcr_reviews_v1_Camera__Output | null);
  /**
   * True when the id was free (or soft-deleted) and the camera was created; false when replaced.
   */
  'created': (boolean);
}
