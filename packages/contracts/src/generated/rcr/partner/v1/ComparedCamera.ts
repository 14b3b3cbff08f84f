// Original file: proto/partner.proto

import type { CameraSpecs as _rcr_partner_v1_CameraSpecs, CameraSpecs__Output as _rcr_partner_v1_CameraSpecs__Output } from '../../../rcr/partner/v1/CameraSpecs.ts';

export interface ComparedCamera {
  'id'?: (string);
  'name'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_partner_v1_CameraSpecs | null);
}

export interface ComparedCamera__Output {
  'id': (string);
  'name': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  'specs': (_rcr_partner_v1_CameraSpecs__Output | null);
}
