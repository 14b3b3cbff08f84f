// Original file: proto/reviews.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';

export interface CameraInput {
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
}

export interface CameraInput__Output {
  'brand': (string);
  'model': (string);
  'type': (string);
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
}
