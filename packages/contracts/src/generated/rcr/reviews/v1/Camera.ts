// Original file: proto/reviews.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';

export interface Camera {
  'id'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  'version'?: (number);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Camera__Output {
  'id': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  'version': (number);
  'createdAt': (string);
  'updatedAt': (string);
}
