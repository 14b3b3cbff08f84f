// Original file: proto/identity.proto

import type { SigningKey as _rcr_identity_v1_SigningKey, SigningKey__Output as _rcr_identity_v1_SigningKey__Output } from '../../../rcr/identity/v1/SigningKey.ts';

export interface SigningKeyList {
  'items'?: (_rcr_identity_v1_SigningKey)[];
}

export interface SigningKeyList__Output {
  'items': (_rcr_identity_v1_SigningKey__Output)[];
}
