// Original file: proto/partner.proto


export interface ImportError {
  /**
   * 0-based index of the camera in the stream.
   */
  'index'?: (number);
  /**
   * The error code, as REST problems name it (VALIDATION_FAILED, CAMERA_EXISTS, …).
   */
  'code'?: (string);
  'message'?: (string);
}

export interface ImportError__Output {
  /**
   * 0-based index of the camera in the stream.
   */
  'index': (number);
  /**
   * The error code, as REST problems name it (VALIDATION_FAILED, CAMERA_EXISTS, …).
   */
  'code': (string);
  'message': (string);
}
