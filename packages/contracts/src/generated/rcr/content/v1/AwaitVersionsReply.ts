// Original file: proto/content.proto


export interface AwaitVersionsReply {
  /**
   * True once every watermark is applied (at that version or later); false when the wait timed out.
   */
  'reached'?: (boolean);
}

export interface AwaitVersionsReply__Output {
  /**
   * True once every watermark is applied (at that version or later); false when the wait timed out.
   */
  'reached': (boolean);
}
