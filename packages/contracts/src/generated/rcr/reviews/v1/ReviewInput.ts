// Original file: proto/reviews.proto


export interface ReviewInput {
  'cameraId'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number | string);
  'pros'?: (string)[];
  'cons'?: (string)[];
  'verdict'?: (string);
  'language'?: (string);
  '_language'?: "language";
}

export interface ReviewInput__Output {
  'cameraId': (string);
  'title': (string);
  'body': (string);
  'rating': (number);
  'pros': (string)[];
  'cons': (string)[];
  'verdict': (string);
  'language'?: (string);
  '_language'?: "language";
}
