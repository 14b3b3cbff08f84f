// Original file: proto/content.proto


/**
 * One camera's value of a compared field.
 */
export interface ComparedValue {
  'cameraId'?: (string);
  /**
   * In the field's unit; unset when unknown.
   */
  'value'?: (number | string);
  /**
   * Human-readable value (e.g. "Full frame (36 × 24 mm)"); unset when unknown.
   */
  'display'?: (string);
  '_value'?: "value";
  '_display'?: "display";
}

/**
 * One camera's value of a compared field.
 */
export interface ComparedValue__Output {
  'cameraId': (string);
  /**
   * In the field's unit; unset when unknown.
   */
  'value'?: (number);
  /**
   * Human-readable value (e.g. "Full frame (36 × 24 mm)"); unset when unknown.
   */
  'display'?: (string);
  '_value'?: "value";
  '_display'?: "display";
}
