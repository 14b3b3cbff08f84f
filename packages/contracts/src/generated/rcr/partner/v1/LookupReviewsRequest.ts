// Original file: proto/partner.proto


export interface LookupReviewsRequest {
  'slug'?: (string);
}

export interface LookupReviewsRequest__Output {
  'slug': (string);
}
