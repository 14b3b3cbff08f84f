// Original file: proto/identity.proto


export interface UpdateEditorRequest {
  'id'?: (string);
  'name'?: (string);
  'role'?: (string);
  'password'?: (string);
  'active'?: (boolean);
  /**
   * When set (from If-Match), the update fails with VERSION_MISMATCH unless the account is at it.
   */
  'expectedVersion'?: (number);
  '_name'?: "name";
  '_role'?: "role";
  '_password'?: "password";
  '_active'?: "active";
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateEditorRequest__Output {
  'id': (string);
  'name'?: (string);
  'role'?: (string);
  'password'?: (string);
  'active'?: (boolean);
  /**
   * When set (from If-Match), the update fails with VERSION_MISMATCH unless the account is at it.
   */
  'expectedVersion'?: (number);
  '_name'?: "name";
  '_role'?: "role";
  '_password'?: "password";
  '_active'?: "active";
  '_expectedVersion'?: "expectedVersion";
}
