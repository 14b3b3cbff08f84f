// Original file: proto/webhooks.proto

import type { EventTypes as _rcr_webhooks_v1_EventTypes, EventTypes__Output as _rcr_webhooks_v1_EventTypes__Output } from '../../../rcr/webhooks/v1/EventTypes.ts';

export interface UpdateEndpointRequest {
  'id'?: (string);
  'url'?: (string);
  /**
   * Unset: unchanged (a repeated field cannot say so by itself).
   */
  'events'?: (_rcr_webhooks_v1_EventTypes | null);
  'description'?: (string);
  'enabled'?: (boolean);
  '_url'?: "url";
  '_events'?: "events";
  '_description'?: "description";
  '_enabled'?: "enabled";
}

export interface UpdateEndpointRequest__Output {
  'id': (string);
  'url'?: (string);
  /**
   * Unset: unchanged (a repeated field cannot say so by itself).
   */
  'events'?: (_rcr_webhooks_v1_EventTypes__Output | null);
  'description'?: (string);
  'enabled'?: (boolean);
  '_url'?: "url";
  '_events'?: "events";
  '_description'?: "description";
  '_enabled'?: "enabled";
}
