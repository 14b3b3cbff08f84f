// Original file: proto/partner.proto


export interface ComparedValue {
  'cameraId'?: (string);
  /**
   * In the field's unit; unset when unknown.
   */
  'value'?: (number | string);
  'display'?: (string);
  '_value'?: "value";
  '_display'?: "display";
}

export interface ComparedValue__Output {
  'cameraId': (string);
  /**
   * In the field's unit; unset when unknown.
   */
  'value'?: (number);
  'display'?: (string);
  '_value'?: "value";
  '_display'?: "display";
}
