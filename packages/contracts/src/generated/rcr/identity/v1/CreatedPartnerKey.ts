// Original file: proto/identity.proto

import type { PartnerKey as _rcr_identity_v1_PartnerKey, PartnerKey__Output as _rcr_identity_v1_PartnerKey__Output } from '../../../rcr/identity/v1/PartnerKey.ts';

export interface CreatedPartnerKey {
  'key'?: (_rcr_identity_v1_PartnerKey | null);
  /**
   * The key itself (`rcrp_` + 43 base64url characters): shown this once, stored nowhere.
   */
  'secret'?: (string);
}

export interface CreatedPartnerKey__Output {
  'key': (_rcr_identity_v1_PartnerKey__Output | null);
  /**
   * The key itself (`rcrp_` + 43 base64url characters): shown this once, stored nowhere.
   */
  'secret': (string);
}
