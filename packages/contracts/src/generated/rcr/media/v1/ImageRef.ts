// Original file: proto/media.proto


export interface ImageRef {
  'reviewId'?: (string);
  'id'?: (string);
}

export interface ImageRef__Output {
  'reviewId': (string);
  'id': (string);
}
