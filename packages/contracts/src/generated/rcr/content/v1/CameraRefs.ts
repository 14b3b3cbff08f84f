// Original file: proto/content.proto


export interface CameraRefs {
  'ids'?: (string)[];
}

export interface CameraRefs__Output {
  'ids': (string)[];
}
