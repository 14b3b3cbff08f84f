// Original file: proto/identity.proto

import type { PartnerKey as _rcr_identity_v1_PartnerKey, PartnerKey__Output as _rcr_identity_v1_PartnerKey__Output } from '../../../rcr/identity/v1/PartnerKey.ts';

export interface PartnerKeyList {
  'items'?: (_rcr_identity_v1_PartnerKey)[];
}

export interface PartnerKeyList__Output {
  'items': (_rcr_identity_v1_PartnerKey__Output)[];
}
