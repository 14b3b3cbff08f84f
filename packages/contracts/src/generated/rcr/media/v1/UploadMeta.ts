// Original file: proto/media.proto


export interface UploadMeta {
  'reviewId'?: (string);
  /**
   * The Content-Type the client declared for the part (checked against the bytes).
   */
  'declaredType'?: (string);
  /**
   * The client's file name, kept for people only (never part of a storage name).
   */
  'fileName'?: (string);
}

export interface UploadMeta__Output {
  'reviewId': (string);
  /**
   * The Content-Type the client declared for the part (checked against the bytes).
   */
  'declaredType': (string);
  /**
   * The client's file name, kept for people only (never part of a storage name).
   */
  'fileName': (string);
}
