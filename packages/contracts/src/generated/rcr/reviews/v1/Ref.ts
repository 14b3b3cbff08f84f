// Original file: proto/reviews.proto


export interface Ref {
  'id'?: (string);
}

export interface Ref__Output {
  'id': (string);
}
