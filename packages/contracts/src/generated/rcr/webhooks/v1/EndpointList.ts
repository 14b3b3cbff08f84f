// Original file: proto/webhooks.proto

import type { Endpoint as _rcr_webhooks_v1_Endpoint, Endpoint__Output as _rcr_webhooks_v1_Endpoint__Output } from '../../../rcr/webhooks/v1/Endpoint.ts';

export interface EndpointList {
  'items'?: (_rcr_webhooks_v1_Endpoint)[];
}

export interface EndpointList__Output {
  'items': (_rcr_webhooks_v1_Endpoint__Output)[];
}
