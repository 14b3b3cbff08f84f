// Original file: proto/content.proto


export interface ListContentRequest {
  'page'?: (number);
  'limit'?: (number);
  'cameraId'?: (string);
  '_cameraId'?: "cameraId";
}

export interface ListContentRequest__Output {
  'page': (number);
  'limit': (number);
  'cameraId'?: (string);
  '_cameraId'?: "cameraId";
}
