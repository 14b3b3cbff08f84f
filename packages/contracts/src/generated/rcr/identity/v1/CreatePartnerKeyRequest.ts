// Original file: proto/identity.proto


export interface CreatePartnerKeyRequest {
  /**
   * Who the key is for (1–100 characters).
   */
  'name'?: (string);
}

export interface CreatePartnerKeyRequest__Output {
  /**
   * Who the key is for (1–100 characters).
   */
  'name': (string);
}
