import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '@rcr/contracts';
import { createLogger } from '@rcr/platform';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Upstreams } from '../upstream/clients.ts';
import { TokenVerifier } from './tokens.ts';

async function signingKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(JWT_ALGORITHM, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: JWT_ALGORITHM, use: 'sig' };
  const token = await new SignJWT({ role: 'editor', name: 'Ed' })
    .setProtectedHeader({ alg: JWT_ALGORITHM, kid })
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setSubject('editor-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  return { jwk, token };
}

describe('TokenVerifier key set', () => {
  it('when the key set changes while a fetch of it is in flight, then a refresh asked for after the change sees the new set', async () => {
    const [oldKey, newKey] = await Promise.all([signingKey('old'), signingKey('new')]);
    let published: JWK[] = [oldKey.jwk];
    const answers: Array<() => void> = [];
    const upstreams = {
      // Each fetch reads the key set when it starts and answers when the test lets it.
      call: async () => {
        const json = JSON.stringify({ keys: published });
        await new Promise<void>((resolve) => answers.push(resolve));
        return { json };
      },
    } as unknown as Upstreams;
    const verifier = new TokenVerifier(upstreams, createLogger('test', 'silent'));
    verifier.revocations.load({ sessions: [], editors: [] });

    const first = verifier.refreshKeys(); // started before the change: reads only the old key
    published = [oldKey.jwk, newKey.jwk];
    const second = verifier.refreshKeys(); // asked for after the change
    let settled = false;
    void second.then(() => (settled = true));
    answers.shift()?.();
    await first;
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false); // it did not settle for the stale answer
    answers.shift()?.();
    await second;
    await expect(verifier.verify(newKey.token, 'r1')).resolves.toMatchObject({ id: 'editor-1' });
  });

  it('when a token names a key made after the last fetch, then the key set is fetched again and the token verifies', async () => {
    const [oldKey, newKey] = await Promise.all([signingKey('old'), signingKey('new')]);
    let published: JWK[] = [oldKey.jwk];
    let fetches = 0;
    const upstreams = {
      call: async () => {
        fetches += 1;
        return { json: JSON.stringify({ keys: published }) };
      },
    } as unknown as Upstreams;
    const verifier = new TokenVerifier(upstreams, createLogger('test', 'silent'));
    verifier.revocations.load({ sessions: [], editors: [] });
    await verifier.refreshKeys();
    // Identity rotates and signs with the new key before this gateway hears the announcement.
    published = [oldKey.jwk, newKey.jwk];
    await new Promise((r) => setTimeout(r, 1100));

    await expect(verifier.verify(newKey.token, 'r1')).resolves.toMatchObject({ id: 'editor-1' });
    expect(fetches).toBe(2);
  });

  it('when a token verified before names a key that the refetched key set no longer has, then it is refused', async () => {
    const [oldKey, newKey] = await Promise.all([signingKey('old'), signingKey('new')]);
    let published: JWK[] = [oldKey.jwk, newKey.jwk];
    const upstreams = {
      call: async () => ({ json: JSON.stringify({ keys: published }) }),
    } as unknown as Upstreams;
    const verifier = new TokenVerifier(upstreams, createLogger('test', 'silent'));
    verifier.revocations.load({ sessions: [], editors: [] });
    await verifier.refreshKeys();
    // Verified twice: the second time from what the first check remembered.
    await expect(verifier.verify(oldKey.token, 'r1')).resolves.toMatchObject({ id: 'editor-1' });
    await expect(verifier.verify(oldKey.token, 'r2')).resolves.toMatchObject({ id: 'editor-1' });
    // Identity retires the old key (a signing-keys.changed event makes the gateway refetch).
    published = [newKey.jwk];
    await verifier.refreshKeys();
    await expect(verifier.verify(oldKey.token, 'r3')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(newKey.token, 'r4')).resolves.toMatchObject({ id: 'editor-1' });
  });

  it('when the refetch after a key change fails, then it is tried again until the retired key stops verifying', async () => {
    const [oldKey, newKey] = await Promise.all([signingKey('old'), signingKey('new')]);
    let published: JWK[] = [oldKey.jwk, newKey.jwk];
    let failing = 0;
    const upstreams = {
      call: async () => {
        if (failing > 0) {
          failing -= 1;
          throw new Error('identity did not answer in time');
        }
        return { json: JSON.stringify({ keys: published }) };
      },
    } as unknown as Upstreams;
    const verifier = new TokenVerifier(upstreams, createLogger('test', 'silent'));
    verifier.revocations.load({ sessions: [], editors: [] });
    await verifier.refreshKeys();
    await expect(verifier.verify(oldKey.token, 'r1')).resolves.toMatchObject({ id: 'editor-1' });

    // Identity retires the old key; the gateway's first two refetches fail.
    published = [newKey.jwk];
    failing = 2;
    await verifier.onIdentityEvent({
      type: 'signing-keys.changed',
      data: { activeKid: 'new', kids: ['new'] } as never,
    });
    const started = Date.now();
    for (;;) {
      const refused = await verifier.verify(oldKey.token, 'r2').then(
        () => false,
        () => true,
      );
      if (refused) break;
      expect(Date.now() - started).toBeLessThan(3000);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(failing).toBe(0);
    await expect(verifier.verify(newKey.token, 'r3')).resolves.toMatchObject({ id: 'editor-1' });
  });

  it('when a remembered token is revoked, then the next request with it is refused', async () => {
    const key = await signingKey('k');
    const upstreams = {
      call: async () => ({ json: JSON.stringify({ keys: [key.jwk] }) }),
    } as unknown as Upstreams;
    const verifier = new TokenVerifier(upstreams, createLogger('test', 'silent'));
    verifier.revocations.load({ sessions: [], editors: [] });
    await expect(verifier.verify(key.token, 'r1')).resolves.toMatchObject({ id: 'editor-1' });
    verifier.revocations.apply({
      editorId: 'editor-1',
      sessionId: null,
      revokedAt: new Date(Date.now() + 1000).toISOString(),
    });
    await expect(verifier.verify(key.token, 'r2')).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });
});
