// Original file: proto/identity.proto


export interface ListEditorsRequest {
  'page'?: (number);
  'limit'?: (number);
  /**
   * API field names, `-` for descending: createdAt, name, email, role. Default -createdAt.
   */
  'sort'?: (string)[];
  /**
   * next_cursor of the previous page; when set, `page` is ignored.
   */
  'cursor'?: (string);
  /**
   * Only accounts with this role ('admin' or 'editor').
   */
  'role'?: (string);
  /**
   * Only active (true) or only deactivated (false) accounts.
   */
  'active'?: (boolean);
  '_cursor'?: "cursor";
  '_role'?: "role";
  '_active'?: "active";
}

export interface ListEditorsRequest__Output {
  'page': (number);
  'limit': (number);
  /**
   * API field names, `-` for descending: createdAt, name, email, role. Default -createdAt.
   */
  'sort': (string)[];
  /**
   * next_cursor of the previous page; when set, `page` is ignored.
   */
  'cursor'?: (string);
  /**
   * Only accounts with this role ('admin' or 'editor').
   */
  'role'?: (string);
  /**
   * Only active (true) or only deactivated (false) accounts.
   */
  'active'?: (boolean);
  '_cursor'?: "cursor";
  '_role'?: "role";
  '_active'?: "active";
}
