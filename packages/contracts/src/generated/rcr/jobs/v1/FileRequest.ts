// Original file: proto/jobs.proto


export interface FileRequest {
  'key'?: (string);
  /**
   * The link's query parameters, exactly as received (checked by the service: signature first).
   */
  'expires'?: (string);
  'signature'?: (string);
}

export interface FileRequest__Output {
  'key': (string);
  /**
   * The link's query parameters, exactly as received (checked by the service: signature first).
   */
  'expires': (string);
  'signature': (string);
}
