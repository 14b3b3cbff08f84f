// Original file: proto/content.proto


export interface CameraRef {
  'id'?: (string);
}

export interface CameraRef__Output {
  'id': (string);
}
