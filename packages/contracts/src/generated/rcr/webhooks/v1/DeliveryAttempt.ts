// Original file: proto/webhooks.proto


export interface DeliveryAttempt {
  'attempt'?: (number);
  'startedAt'?: (string);
  'durationMs'?: (number);
  /**
   * The receiver's HTTP status; unset when no answer came (refused address, timeout, connection error).
   */
  'statusCode'?: (number);
  /**
   * The start of the receiver's answer (at most 1 KB).
   */
  'responseExcerpt'?: (string);
  'error'?: (string);
  '_statusCode'?: "statusCode";
  '_responseExcerpt'?: "responseExcerpt";
  '_error'?: "error";
}

export interface DeliveryAttempt__Output {
  'attempt': (number);
  'startedAt': (string);
  'durationMs': (number);
  /**
   * The receiver's HTTP status; unset when no answer came (refused address, timeout, connection error).
   */
  'statusCode'?: (number);
  /**
   * The start of the receiver's answer (at most 1 KB).
   */
  'responseExcerpt'?: (string);
  'error'?: (string);
  '_statusCode'?: "statusCode";
  '_responseExcerpt'?: "responseExcerpt";
  '_error'?: "error";
}
