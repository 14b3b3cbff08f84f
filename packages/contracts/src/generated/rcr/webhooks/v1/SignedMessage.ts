// Original file: proto/webhooks.proto


export interface SignedMessage {
  'body'?: (Buffer | Uint8Array | string);
  'webhookId'?: (string);
  'webhookTimestamp'?: (string);
  'webhookSignature'?: (string);
}

export interface SignedMessage__Output {
  'body': (Buffer);
  'webhookId': (string);
  'webhookTimestamp': (string);
  'webhookSignature': (string);
}
