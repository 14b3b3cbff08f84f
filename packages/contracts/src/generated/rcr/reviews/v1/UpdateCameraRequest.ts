// Original file: proto/reviews.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';

export interface UpdateCameraRequest {
  'id'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  'replaceSpecs'?: (boolean);
  'expectedVersion'?: (number);
  '_brand'?: "brand";
  '_model'?: "model";
  '_type'?: "type";
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateCameraRequest__Output {
  'id': (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  'replaceSpecs': (boolean);
  'expectedVersion'?: (number);
  '_brand'?: "brand";
  '_model'?: "model";
  '_type'?: "type";
  '_expectedVersion'?: "expectedVersion";
}
