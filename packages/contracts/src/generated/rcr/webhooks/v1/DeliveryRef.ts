// Original file: proto/webhooks.proto


export interface DeliveryRef {
  'endpointId'?: (string);
  'deliveryId'?: (string);
}

export interface DeliveryRef__Output {
  'endpointId': (string);
  'deliveryId': (string);
}
