// Original file: proto/webhooks.proto


export interface ListDeliveriesRequest {
  'endpointId'?: (string);
  'limit'?: (number);
  /**
   * next_cursor of the previous page.
   */
  'cursor'?: (string);
  /**
   * Only deliveries in this status.
   */
  'status'?: (string);
  '_cursor'?: "cursor";
  '_status'?: "status";
}

export interface ListDeliveriesRequest__Output {
  'endpointId': (string);
  'limit': (number);
  /**
   * next_cursor of the previous page.
   */
  'cursor'?: (string);
  /**
   * Only deliveries in this status.
   */
  'status'?: (string);
  '_cursor'?: "cursor";
  '_status'?: "status";
}
