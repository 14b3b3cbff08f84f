// Original file: proto/webhooks.proto

import type { DeliveryAttempt as _rcr_webhooks_v1_DeliveryAttempt, DeliveryAttempt__Output as _rcr_webhooks_v1_DeliveryAttempt__Output } from '../../../rcr/webhooks/v1/DeliveryAttempt.ts';

export interface Delivery {
  /**
   * The delivery's webhook-id: the same on every attempt.
   */
  'id'?: (string);
  'endpointId'?: (string);
  'eventId'?: (string);
  'eventType'?: (string);
  /**
   * pending, succeeded or failed.
   */
  'status'?: (string);
  'attemptCount'?: (number);
  'createdAt'?: (string);
  'nextAttemptAt'?: (string);
  'lastAttemptAt'?: (string);
  /**
   * The latest attempts, oldest first.
   */
  'attempts'?: (_rcr_webhooks_v1_DeliveryAttempt)[];
  '_nextAttemptAt'?: "nextAttemptAt";
  '_lastAttemptAt'?: "lastAttemptAt";
}

export interface Delivery__Output {
  /**
   * The delivery's webhook-id: the same on every attempt.
   */
  'id': (string);
  'endpointId': (string);
  'eventId': (string);
  'eventType': (string);
  /**
   * pending, succeeded or failed.
   */
  'status': (string);
  'attemptCount': (number);
  'createdAt': (string);
  'nextAttemptAt'?: (string);
  'lastAttemptAt'?: (string);
  /**
   * The latest attempts, oldest first.
   */
  'attempts': (_rcr_webhooks_v1_DeliveryAttempt__Output)[];
  '_nextAttemptAt'?: "nextAttemptAt";
  '_lastAttemptAt'?: "lastAttemptAt";
}
