// Original file: proto/content.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';

export interface CameraSummary {
  'id'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  'averageRating'?: (number | string);
  'reviewCount'?: (number);
  'version'?: (number);
}

export interface CameraSummary__Output {
  'id': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  'averageRating': (number);
  'reviewCount': (number);
  'version': (number);
}
