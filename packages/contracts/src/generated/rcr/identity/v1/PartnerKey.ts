// Original file: proto/identity.proto


/**
 * A partner API key as listed: never the key itself.
 */
export interface PartnerKey {
  'id'?: (string);
  'name'?: (string);
  /**
   * The key's first characters (`rcrp_` and 6 more), to tell keys apart.
   */
  'prefix'?: (string);
  /**
   * The admin who created it.
   */
  'createdBy'?: (string);
  'createdAt'?: (string);
  'revokedAt'?: (string);
  '_revokedAt'?: "revokedAt";
}

/**
 * A partner API key as listed: never the key itself.
 */
export interface PartnerKey__Output {
  'id': (string);
  'name': (string);
  /**
   * The key's first characters (`rcrp_` and 6 more), to tell keys apart.
   */
  'prefix': (string);
  /**
   * The admin who created it.
   */
  'createdBy': (string);
  'createdAt': (string);
  'revokedAt'?: (string);
  '_revokedAt'?: "revokedAt";
}
