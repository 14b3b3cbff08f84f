// Original file: proto/partner.proto


export interface CompareCamerasRequest {
  /**
   * 2–4 distinct camera ids; the comparison keeps this order.
   */
  'cameraIds'?: (string)[];
}

export interface CompareCamerasRequest__Output {
  /**
   * 2–4 distinct camera ids; the comparison keeps this order.
   */
  'cameraIds': (string)[];
}
