import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { JWT_AUDIENCE, JWT_ISSUER } from '@rcr/contracts';
import {
  generateSigningKey,
  hashRefreshToken,
  jwksDocument,
  newRefreshToken,
  signAccessToken,
  signerOf,
} from './tokens.ts';

describe('access tokens', () => {
  it('when a token is signed, then the JWKS built from the same key verifies it with the contract claims', async () => {
    const key = await generateSigningKey();
    const signer = await signerOf(key.kid, key.privateJwk);

    const token = await signAccessToken(signer, {
      sub: 'editor-1',
      role: 'editor',
      name: 'Ana',
      sid: 'family-1',
    });
    const jwks = JSON.parse(jwksDocument([key])) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });

    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'editor-1', role: 'editor', name: 'Ana' });
  });

  it('when the JWKS is built, then it never contains the private part of a key', async () => {
    const key = await generateSigningKey();

    const [published] = (
      JSON.parse(jwksDocument([{ kid: key.kid, publicJwk: key.privateJwk }])) as JSONWebKeySet
    ).keys;

    expect(key.privateJwk.d).toBeTruthy();
    expect(published).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: key.publicJwk.x,
      kid: key.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });
});

describe('refresh tokens', () => {
  it('when tokens are generated, then they are 32 random bytes in base64url and differ every time', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();

    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('when a token is hashed, then the result is a stable SHA-256 hex digest', () => {
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
