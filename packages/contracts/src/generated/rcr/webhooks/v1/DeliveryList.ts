// Original file: proto/webhooks.proto

import type { Delivery as _rcr_webhooks_v1_Delivery, Delivery__Output as _rcr_webhooks_v1_Delivery__Output } from '../../../rcr/webhooks/v1/Delivery.ts';

export interface DeliveryList {
  'items'?: (_rcr_webhooks_v1_Delivery)[];
  /**
   * Opaque cursor of the next page; empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface DeliveryList__Output {
  'items': (_rcr_webhooks_v1_Delivery__Output)[];
  /**
   * Opaque cursor of the next page; empty on the last page.
   */
  'nextCursor': (string);
}
