// Original file: proto/webhooks.proto


export interface Endpoint {
  'id'?: (string);
  'url'?: (string);
  'events'?: (string)[];
  'description'?: (string);
  'enabled'?: (boolean);
  /**
   * Why the service disabled it by itself ('gone' or 'failing'), or 'admin'; unset while enabled.
   */
  'disabledReason'?: (string);
  'disabledAt'?: (string);
  /**
   * Since when every attempt failed; unset while the last attempt succeeded.
   */
  'failingSince'?: (string);
  /**
   * Until when the secret before the last rotation still signs too; unset when none does.
   */
  'previousSecretExpiresAt'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  '_disabledReason'?: "disabledReason";
  '_disabledAt'?: "disabledAt";
  '_failingSince'?: "failingSince";
  '_previousSecretExpiresAt'?: "previousSecretExpiresAt";
}

export interface Endpoint__Output {
  'id': (string);
  'url': (string);
  'events': (string)[];
  'description': (string);
  'enabled': (boolean);
  /**
   * Why the service disabled it by itself ('gone' or 'failing'), or 'admin'; unset while enabled.
   */
  'disabledReason'?: (string);
  'disabledAt'?: (string);
  /**
   * Since when every attempt failed; unset while the last attempt succeeded.
   */
  'failingSince'?: (string);
  /**
   * Until when the secret before the last rotation still signs too; unset when none does.
   */
  'previousSecretExpiresAt'?: (string);
  'createdAt': (string);
  'updatedAt': (string);
  '_disabledReason'?: "disabledReason";
  '_disabledAt'?: "disabledAt";
  '_failingSince'?: "failingSince";
  '_previousSecretExpiresAt'?: "previousSecretExpiresAt";
}
