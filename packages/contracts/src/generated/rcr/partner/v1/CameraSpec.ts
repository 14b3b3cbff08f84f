// Original file: proto/partner.proto

import type { CameraSpecs as _rcr_partner_v1_CameraSpecs, CameraSpecs__Output as _rcr_partner_v1_CameraSpecs__Output } from '../../../rcr/partner/v1/CameraSpecs.ts';

/**
 * A camera to create, as POST /v1/cameras takes it.
 */
export interface CameraSpec {
  'brand'?: (string);
  'model'?: (string);
  /**
   * One of the camera types of the REST API (mirrorless, dslr, compact, …).
   */
  'type'?: (string);
  'specs'?: (_rcr_partner_v1_CameraSpecs | null);
}

/**
 * A camera to create, as POST /v1/cameras takes it.
 */
export interface CameraSpec__Output {
  'brand': (string);
  'model': (string);
  /**
   * One of the camera types of the REST API (mirrorless, dslr, compact, …).
   */
  'type': (string);
  'specs': (_rcr_partner_v1_CameraSpecs__Output | null);
}
