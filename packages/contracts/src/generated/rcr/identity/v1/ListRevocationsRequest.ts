// Original file: proto/identity.proto


export interface ListRevocationsRequest {
  /**
   * ISO 8601 time; revocations at or after it are listed.
   */
  'since'?: (string);
}

export interface ListRevocationsRequest__Output {
  /**
   * ISO 8601 time; revocations at or after it are listed.
   */
  'since': (string);
}
