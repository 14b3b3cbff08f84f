import { createHash, randomBytes } from 'node:crypto';
import { newId } from '@rcr/platform';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  type AccessTokenClaims,
} from '@rcr/contracts';

/** A key pair as JWKs, ready to store; `kid` is the RFC 7638 thumbprint of the public key. */
export interface GeneratedKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The private key that signs access tokens, with the id verifiers use to pick the public key. */
export interface Signer {
  kid: string;
  key: CryptoKey | KeyObject | Uint8Array;
}

/** Generates a fresh Ed25519 key pair for signing access tokens. */
export async function generateSigningKey(): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await generateKeyPair(JWT_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(publicJwk), privateJwk, publicJwk };
}

/** Turns a stored private JWK into a signer. */
export async function signerOf(kid: string, privateJwk: JWK): Promise<Signer> {
  return { kid, key: await importJWK(privateJwk, JWT_ALGORITHM) };
}

/** The JWK Set document (RFC 7517) publishing the given public keys for EdDSA signature checks. */
export function jwksDocument(keys: { kid: string; publicJwk: JWK }[]): string {
  // Only the public members of an OKP key are copied, so a private `d` can never leak by mistake.
  const published = keys.map(({ kid, publicJwk }) => ({
    kty: publicJwk.kty,
    crv: publicJwk.crv,
    x: publicJwk.x,
    kid,
    alg: JWT_ALGORITHM,
    use: 'sig',
  }));
  return JSON.stringify({ keys: published });
}

/** Signs a 15-minute access token: `sub` is the editor id, with their role, name and session as claims. */
export function signAccessToken(signer: Signer, claims: AccessTokenClaims): Promise<string> {
  return new SignJWT({ role: claims.role, name: claims.name, sid: claims.sid })
    .setProtectedHeader({ alg: JWT_ALGORITHM, kid: signer.kid, typ: 'JWT' })
    .setJti(newId())
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(signer.key);
}

/** A new opaque refresh token: 32 random bytes, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 (hex) of a refresh token: the only form in which it is stored. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
