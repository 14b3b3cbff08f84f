// Original file: proto/identity.proto


/**
 * The public keys as a JSON Web Key Set document (RFC 7517), serialised.
 */
export interface Jwks {
  'json'?: (string);
}

/**
 * The public keys as a JSON Web Key Set document (RFC 7517), serialised.
 */
export interface Jwks__Output {
  'json': (string);
}
