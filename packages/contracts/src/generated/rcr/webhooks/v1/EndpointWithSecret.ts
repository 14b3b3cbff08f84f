// Original file: proto/webhooks.proto

import type { Endpoint as _rcr_webhooks_v1_Endpoint, Endpoint__Output as _rcr_webhooks_v1_Endpoint__Output } from '../../../rcr/webhooks/v1/Endpoint.ts';

export interface EndpointWithSecret {
  'endpoint'?: (_rcr_webhooks_v1_Endpoint | null);
  /**
   * `whsec_` + base64 of 32 random bytes: shown this once.
   */
  'secret'?: (string);
}

export interface EndpointWithSecret__Output {
  'endpoint': (_rcr_webhooks_v1_Endpoint__Output | null);
  /**
   * `whsec_` + base64 of 32 random bytes: shown this once.
   */
  'secret': (string);
}
