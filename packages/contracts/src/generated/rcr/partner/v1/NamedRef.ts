// Original file: proto/partner.proto


export interface NamedRef {
  'id'?: (string);
  'name'?: (string);
}

export interface NamedRef__Output {
  'id': (string);
  'name': (string);
}
