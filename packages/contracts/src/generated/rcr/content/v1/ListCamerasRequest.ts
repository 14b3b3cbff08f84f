// Original file: proto/content.proto


export interface ListCamerasRequest {
  'page'?: (number);
  'limit'?: (number);
  'brand'?: (string);
  'type'?: (string);
  '_brand'?: "brand";
  '_type'?: "type";
}

export interface ListCamerasRequest__Output {
  'page': (number);
  'limit': (number);
  'brand'?: (string);
  'type'?: (string);
  '_brand'?: "brand";
  '_type'?: "type";
}
