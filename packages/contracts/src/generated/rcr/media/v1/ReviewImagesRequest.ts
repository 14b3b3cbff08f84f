// Original file: proto/media.proto


export interface ReviewImagesRequest {
  'reviewId'?: (string);
}

export interface ReviewImagesRequest__Output {
  'reviewId': (string);
}
