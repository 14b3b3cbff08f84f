// Original file: proto/partner.proto

import type { ImportError as _rcr_partner_v1_ImportError, ImportError__Output as _rcr_partner_v1_ImportError__Output } from '../../../rcr/partner/v1/ImportError.ts';

export interface ImportCamerasSummary {
  'created'?: (number);
  'failed'?: (number);
  /**
   * The ids of the cameras created, in stream order.
   */
  'createdIds'?: (string)[];
  'errors'?: (_rcr_partner_v1_ImportError)[];
}

export interface ImportCamerasSummary__Output {
  'created': (number);
  'failed': (number);
  /**
   * The ids of the cameras created, in stream order.
   */
  'createdIds': (string)[];
  'errors': (_rcr_partner_v1_ImportError__Output)[];
}
