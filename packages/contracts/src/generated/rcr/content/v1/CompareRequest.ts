// Original file: proto/content.proto


export interface CompareRequest {
  /**
   * 2–4 distinct camera ids; the comparison keeps this order.
   */
  'cameraIds'?: (string)[];
}

export interface CompareRequest__Output {
  /**
   * 2–4 distinct camera ids; the comparison keeps this order.
   */
  'cameraIds': (string)[];
}
