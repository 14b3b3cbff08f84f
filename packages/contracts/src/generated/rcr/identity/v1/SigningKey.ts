// Original file: proto/identity.proto


export interface SigningKey {
  'kid'?: (string);
  'active'?: (boolean);
  'createdAt'?: (string);
}

export interface SigningKey__Output {
  'kid': (string);
  'active': (boolean);
  'createdAt': (string);
}
