import { importJWK, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '@rcr/platform';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

const available = await distributedAvailable('revocation');

/** Polls `GET /v1/me` with `token` until it answers 401; returns how long that took (ms), or -1. */
async function msUntilRejected(
  api: ApiClient,
  token: string,
  since: number,
  timeoutMs = 5000,
): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    const res = await api.request<{ code?: string }>('GET', '/v1/me', { token });
    if (res.status === 401) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 10));
  }
  return -1;
}

describe.skipIf(!available)('revocation of live credentials (distributed mode, two gateways)', () => {
  let system: DistributedSystem;
  let a: ApiClient;
  let b: ApiClient;
  let admin: string;
  const delays: Record<string, number> = {};

  const newEditor = async (label: string) => {
    const email = `${label}-${Date.now()}@test.rcr`;
    const editor = await a.must<{ id: string }>(
      'POST',
      '/v1/editors',
      { email, name: `Editor ${label}`, password: 'editor-password-1' },
      admin,
      201,
    );
    return { id: editor.id, email, login: () => a.login(email, 'editor-password-1') };
  };

  /**
   * Rotates the signing key as the admin (`whileRotated` sees the old token before anything else), logs
   * the admin in again, retires the previous key through gateway A and returns the kids and how long
   * until `on` rejects the old token (ms, or -1).
   */
  const rotateAndRetire = async (on: ApiClient, whileRotated?: (oldToken: string) => Promise<void>) => {
    const oldToken = admin;
    const rotated = await a.must<{ previousKid: string; activeKid: string }>(
      'POST',
      '/v1/admin/signing-keys/rotate',
      undefined,
      oldToken,
    );
    await whileRotated?.(oldToken);
    admin = (await a.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const started = Date.now();
    await a.must('DELETE', `/v1/admin/signing-keys/${rotated.previousKid}`, undefined, admin);
    return { rotated, delay: await msUntilRejected(on, oldToken, started) };
  };

  beforeAll(async () => {
    system = await startDistributedSystem(2);
    a = new ApiClient(system.gateways[0]!.url);
    b = new ApiClient(system.gateways[1]!.url);
    admin = (await a.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  }, 180_000);
  afterAll(async () => {
    console.log(`revocation delays (action on gateway A → 401 on gateway B): ${JSON.stringify(delays)}`);
    await system?.stop();
  });

  it('when an editor logs out of one session, then that session\u2019s access token stops working on every gateway within a second and the other session keeps working', async () => {
    const editor = await newEditor('logout');
    const laptop = await editor.login();
    const phone = await editor.login();
    expect((await b.request('GET', '/v1/me', { token: laptop.accessToken })).status).toBe(200);

    const started = Date.now();
    expect(
      (
        await a.request('POST', '/v1/auth/logout', {
          token: laptop.accessToken,
          body: { refreshToken: laptop.refreshToken },
        })
      ).status,
    ).toBe(204);
    delays.logout = await msUntilRejected(b, laptop.accessToken, started);

    expect(delays.logout).toBeGreaterThanOrEqual(0);
    expect(delays.logout).toBeLessThan(1000);
    const answer = await a.request<{ code: string }>('GET', '/v1/me', { token: laptop.accessToken });
    expect(answer.body.code).toBe('TOKEN_REVOKED');
    expect((await b.request('GET', '/v1/me', { token: phone.accessToken })).status).toBe(200);
  });

  it('when an admin deactivates an editor, then the editor\u2019s tokens stop working and their socket leaves its editor room within a second', async () => {
    const editor = await newEditor('deactivated');
    const session = await editor.login();
    const camera = await a.must<{ id: string }>(
      'POST',
      '/v1/cameras',
      cameraBody(),
      session.accessToken,
      201,
    );
    const draft = await a.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(camera.id),
      session.accessToken,
      201,
    );
    const socket = new PushClient(system.gateways[1]!.url, { token: session.accessToken });
    const revoked = new Promise<{ rooms: string[] }>((resolve) =>
      socket.socket.once('auth.revoked', resolve),
    );
    try {
      expect(await socket.subscribe(`editor:${editor.id}`)).toEqual({
        ok: true,
        room: `editor:${editor.id}`,
      });

      const started = Date.now();
      expect((await a.request('DELETE', `/v1/editors/${editor.id}`, { token: admin })).status).toBe(204);
      delays.deactivation = await msUntilRejected(b, session.accessToken, started);
      const notice = await revoked;
      delays.socket = Date.now() - started;

      expect(delays.deactivation).toBeGreaterThanOrEqual(0);
      expect(delays.deactivation).toBeLessThan(1000);
      expect(notice.rooms).toEqual([`editor:${editor.id}`]);
      // Drafts no longer reach that socket (an admin edits the draft; the editor room would get it).
      await a.must(
        'PATCH',
        `/v1/reviews/${draft.id}`,
        { title: 'Edited by an admin after deactivation' },
        admin,
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(socket.events.filter((e) => e.subject === draft.id)).toEqual([]);
      expect(
        (await a.request('POST', '/v1/reviews', { token: session.accessToken, body: reviewBody(camera.id) }))
          .status,
      ).toBe(401);
    } finally {
      socket.close();
    }
  });

  it('when an admin changes an editor\u2019s role, then tokens carrying the old role stop working and a new login carries the new one', async () => {
    const editor = await newEditor('promoted');
    const before = await editor.login();
    const started = Date.now();
    await a.must('PATCH', `/v1/editors/${editor.id}`, { role: 'admin' }, admin);
    delays.roleChange = await msUntilRejected(b, before.accessToken, started);

    expect(delays.roleChange).toBeGreaterThanOrEqual(0);
    expect(delays.roleChange).toBeLessThan(1000);
    const after = await editor.login();
    expect((await b.request('GET', '/v1/editors', { token: after.accessToken })).status).toBe(200);
  });

  it('when a signing key is rotated and the old one retired, then tokens it signed stop verifying on every gateway', async () => {
    delays.keyRetired = (
      await rotateAndRetire(b, async (oldToken) => {
        // Until retired, the old key still verifies the tokens it signed.
        expect((await b.request('GET', '/v1/me', { token: oldToken })).status).toBe(200);
      })
    ).delay;

    expect(delays.keyRetired).toBeGreaterThanOrEqual(0);
    expect(delays.keyRetired).toBeLessThan(1000);
    expect((await b.request('GET', '/v1/me', { token: admin })).status).toBe(200);
  });

  it('when identity runs two replicas, then a key rotated and retired through one stops verifying within a second on a gateway the other serves, and the other signs with the new key', async () => {
    const replica = await system.startReplica('identity');
    const c = new ApiClient((await system.addGateway({ IDENTITY_GRPC_URL: replica.address })).url);
    const editor = await newEditor('replica');
    expect((await c.request('GET', '/v1/me', { token: admin })).status).toBe(200);
    const { rotated, delay } = await rotateAndRetire(c);
    delays.keyRetiredOnReplica = delay;
    expect(delays.keyRetiredOnReplica).toBeGreaterThanOrEqual(0);
    expect(delays.keyRetiredOnReplica).toBeLessThan(1000);

    // A login through the other replica is signed with the key that is active now (within a second).
    const kidOf = (jwt: string) =>
      (JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;
    let token = '';
    for (const until = Date.now() + 1000; Date.now() < until;) {
      token = (await c.login(editor.email, 'editor-password-1')).accessToken;
      if (kidOf(token) === rotated.activeKid) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(kidOf(token)).toBe(rotated.activeKid);
    expect((await a.request('GET', '/v1/me', { token })).status).toBe(200);
    expect((await c.request('GET', '/v1/me', { token })).status).toBe(200);
  });

  it('when a token is validly signed but has no expiry, an issue time in the future or too long a life, then it is refused', async () => {
    // The attacker has the signing key here (read from the database with the encryption key) — what is
    // tested is the gateway's claim checks, not the signature.
    const client = new pg.Client({ connectionString: system.databaseUrl });
    await client.connect();
    const [row] = (
      await client.query<{ kid: string; private_jwk: string }>(
        'SELECT kid, private_jwk FROM identity.signing_keys WHERE active',
      )
    ).rows;
    await client.end();
    const ring = KeyRing.parse(system.env.RCR_ENCRYPTION_KEY as string);
    const jwk = JSON.parse(
      ring.decrypt(row!.private_jwk, `identity.signing_keys.private_jwk:${row!.kid}`),
    ) as JWK;
    const key = await importJWK(jwk, 'EdDSA');
    const me = await a.must<{ id: string }>('GET', '/v1/me', undefined, admin);
    const forge = (claims: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({ role: 'admin', name: 'Forger' })
        .setProtectedHeader({ alg: 'EdDSA', kid: row!.kid, typ: 'JWT' })
        .setIssuer('rcr-identity')
        .setAudience('rcr-api')
        .setSubject(me.id);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(key);
    };
    const now = Math.floor(Date.now() / 1000);
    const control = await forge({ iat: now, exp: now + 600 });
    expect((await a.request('GET', '/v1/me', { token: control })).status).toBe(200);

    for (const [label, claims] of [
      ['no exp', { iat: now }],
      ['iat in the future', { iat: now + 3600, exp: now + 3900 }],
      ['a year-long life', { iat: now, exp: now + 365 * 86_400 }],
    ] as const) {
      const res = await a.request<{ code: string }>('GET', '/v1/me', { token: await forge(claims) });
      expect([label, res.status, res.body.code]).toEqual([label, 401, 'TOKEN_INVALID']);
    }
  });

  it('when a protected route is called without a valid token, then it answers 401 before looking at the body', async () => {
    for (const body of ['{"rating": "not a number"', JSON.stringify({ unknown: true })]) {
      const res = await a.request<{ code: string; errors?: unknown }>('POST', '/v1/reviews', {
        rawBody: body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_MISSING');
      expect(res.body.errors).toBeUndefined();
    }
  });
});
