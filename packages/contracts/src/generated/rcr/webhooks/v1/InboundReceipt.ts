// Original file: proto/webhooks.proto


export interface InboundReceipt {
  'webhookId'?: (string);
  /**
   * True when this webhook-id was received before: nothing was done again.
   */
  'duplicate'?: (boolean);
}

export interface InboundReceipt__Output {
  'webhookId': (string);
  /**
   * True when this webhook-id was received before: nothing was done again.
   */
  'duplicate': (boolean);
}
