// Original file: proto/webhooks.proto


export interface EndpointRef {
  'id'?: (string);
}

export interface EndpointRef__Output {
  'id': (string);
}
