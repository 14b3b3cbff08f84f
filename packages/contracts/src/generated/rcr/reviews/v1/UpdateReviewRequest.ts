// Original file: proto/reviews.proto


export interface UpdateReviewRequest {
  'id'?: (string);
  'cameraId'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number | string);
  'pros'?: (string)[];
  'setPros'?: (boolean);
  'cons'?: (string)[];
  'setCons'?: (boolean);
  'verdict'?: (string);
  'language'?: (string);
  'expectedVersion'?: (number);
  '_cameraId'?: "cameraId";
  '_title'?: "title";
  '_body'?: "body";
  '_rating'?: "rating";
  '_verdict'?: "verdict";
  '_language'?: "language";
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateReviewRequest__Output {
  'id': (string);
  'cameraId'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number);
  'pros': (string)[];
  'setPros': (boolean);
  'cons': (string)[];
  'setCons': (boolean);
  'verdict'?: (string);
  'language'?: (string);
  'expectedVersion'?: (number);
  '_cameraId'?: "cameraId";
  '_title'?: "title";
  '_body'?: "body";
  '_rating'?: "rating";
  '_verdict'?: "verdict";
  '_language'?: "language";
  '_expectedVersion'?: "expectedVersion";
}
