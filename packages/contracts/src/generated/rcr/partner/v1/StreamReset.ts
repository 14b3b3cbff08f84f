// Original file: proto/partner.proto


/**
 * The stream could not resume from `after`: refetch, then go on from this message's position.
 */
export interface StreamReset {
  /**
   * "position-expired" (older than the log keeps) or "position-unknown" (never given by this log).
   */
  'reason'?: (string);
}

/**
 * The stream could not resume from `after`: refetch, then go on from this message's position.
 */
export interface StreamReset__Output {
  /**
   * "position-expired" (older than the log keeps) or "position-unknown" (never given by this log).
   */
  'reason': (string);
}
