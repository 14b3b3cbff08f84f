// Original file: proto/reviews.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';

/**
 * A full camera under a client-chosen id (lowercase letters, digits and hyphens, at most 100).
 */
export interface PutCameraRequest {
  'id'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  /**
   * Replaces the stored specs as a whole (never merged).
   */
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  /**
   * When set (from If-Match), the camera must exist at this version; otherwise VERSION_MISMATCH.
   */
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}

/**
 * A full camera under a client-chosen id (lowercase letters, digits and hyphens, at most 100).
 */
export interface PutCameraRequest__Output {
  'id': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  /**
   * Replaces the stored specs as a whole (never merged).
   */
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  /**
   * When set (from If-Match), the camera must exist at this version; otherwise VERSION_MISMATCH.
   */
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}
