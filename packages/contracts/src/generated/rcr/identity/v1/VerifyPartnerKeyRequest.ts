// Original file: proto/identity.proto


export interface VerifyPartnerKeyRequest {
  'key'?: (string);
}

export interface VerifyPartnerKeyRequest__Output {
  'key': (string);
}
