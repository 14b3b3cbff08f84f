// Original file: proto/partner.proto


export interface WatchReviewsRequest {
  /**
   * Only this camera's reviews; unset for the whole feed.
   */
  'cameraId'?: (string);
  /**
   * The `position` of the last event received: the stream resumes right after it. Unset: from now.
   */
  'after'?: (string);
  '_cameraId'?: "cameraId";
  '_after'?: "after";
}

export interface WatchReviewsRequest__Output {
  /**
   * Only this camera's reviews; unset for the whole feed.
   */
  'cameraId'?: (string);
  /**
   * The `position` of the last event received: the stream resumes right after it. Unset: from now.
   */
  'after'?: (string);
  '_cameraId'?: "cameraId";
  '_after'?: "after";
}
