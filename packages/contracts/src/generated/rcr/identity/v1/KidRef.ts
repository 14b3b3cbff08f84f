// Original file: proto/identity.proto


export interface KidRef {
  'kid'?: (string);
}

export interface KidRef__Output {
  'kid': (string);
}
