/** Claims contract between identity (issuer of access tokens) and the gateway (verifier). */
export const JWT_ISSUER = 'rcr-identity';
export const JWT_AUDIENCE = 'rcr-api';
export const JWT_ALGORITHM = 'EdDSA';
/** Lifetime of an access token, in seconds (15 minutes). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Lifetime of a refresh token, in seconds (30 days). */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Roles an editor account can have. */
export type Role = 'admin' | 'editor';

/**
 * The claims of an access token: `sub` is the editor id, `sid` its session (the refresh-token family, so
 * a logout on one device revokes exactly that device's tokens). Every token also has `iat`, `exp` and a
 * `jti` that is a UUIDv7 (its issue time to the millisecond).
 */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  name: string;
  sid: string;
}
