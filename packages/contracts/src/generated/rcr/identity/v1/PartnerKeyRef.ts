// Original file: proto/identity.proto


export interface PartnerKeyRef {
  'id'?: (string);
}

export interface PartnerKeyRef__Output {
  'id': (string);
}
