// Original file: proto/reviews.proto


export interface ListReviewsRequest {
  'status'?: (string);
  'mineOnly'?: (boolean);
  'page'?: (number);
  'limit'?: (number);
  '_status'?: "status";
}

export interface ListReviewsRequest__Output {
  'status'?: (string);
  'mineOnly': (boolean);
  'page': (number);
  'limit': (number);
  '_status'?: "status";
}
