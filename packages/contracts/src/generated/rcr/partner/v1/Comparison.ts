// Original file: proto/partner.proto

import type { ComparedCamera as _rcr_partner_v1_ComparedCamera, ComparedCamera__Output as _rcr_partner_v1_ComparedCamera__Output } from '../../../rcr/partner/v1/ComparedCamera.ts';
import type { ComparisonField as _rcr_partner_v1_ComparisonField, ComparisonField__Output as _rcr_partner_v1_ComparisonField__Output } from '../../../rcr/partner/v1/ComparisonField.ts';

export interface Comparison {
  'cameras'?: (_rcr_partner_v1_ComparedCamera)[];
  'fields'?: (_rcr_partner_v1_ComparisonField)[];
}

export interface Comparison__Output {
  'cameras': (_rcr_partner_v1_ComparedCamera__Output)[];
  'fields': (_rcr_partner_v1_ComparisonField__Output)[];
}
