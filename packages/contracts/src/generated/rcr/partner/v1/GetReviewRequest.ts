// Original file: proto/partner.proto


export interface GetReviewRequest {
  /**
   * The review's slug, as in /v1/content/{slug}.
   */
  'slug'?: (string);
}

export interface GetReviewRequest__Output {
  /**
   * The review's slug, as in /v1/content/{slug}.
   */
  'slug': (string);
}
