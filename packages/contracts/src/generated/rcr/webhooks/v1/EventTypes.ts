// Original file: proto/webhooks.proto


export interface EventTypes {
  'items'?: (string)[];
}

export interface EventTypes__Output {
  'items': (string)[];
}
