// Original file: proto/partner.proto


export interface LookupError {
  /**
   * The gRPC status code name: NOT_FOUND, INVALID_ARGUMENT, UNAVAILABLE, …
   */
  'code'?: (string);
  'message'?: (string);
}

export interface LookupError__Output {
  /**
   * The gRPC status code name: NOT_FOUND, INVALID_ARGUMENT, UNAVAILABLE, …
   */
  'code': (string);
  'message': (string);
}
