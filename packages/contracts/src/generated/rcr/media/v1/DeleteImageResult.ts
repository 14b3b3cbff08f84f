// Original file: proto/media.proto


export interface DeleteImageResult {
  'deleted'?: (boolean);
}

export interface DeleteImageResult__Output {
  'deleted': (boolean);
}
