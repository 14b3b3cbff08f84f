// Original file: proto/identity.proto


export interface ListEditorsRequest {
  'page'?: (number);
  'limit'?: (number);
}

export interface ListEditorsRequest__Output {
  'page': (number);
  'limit': (number);
}
