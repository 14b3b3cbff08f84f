import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { startTestSystem } from './support/system.ts';
import { ApiClient, cameraBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { withinOneWindow } from './support/rate-window.ts';

let system: EmbeddedSystem;
let api: ApiClient;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '25',
    RATE_LIMIT_LOGIN_PER_MINUTE: '4',
    RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: '3',
  });
  api = new ApiClient(system.gateway.url);
  token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
});

afterAll(async () => {
  await system?.stop();
});

type Problem = { code: string; status: number };

describe('Idempotency-Key', () => {
  it('when a POST is repeated with the same key and body, then the first response is replayed and nothing is created twice', async () => {
    const body = cameraBody();
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await api.request<{ data: { id: string } }>('POST', '/v1/cameras', {
      body,
      token,
      headers,
    });
    const again = await api.request<{ data: { id: string } }>('POST', '/v1/cameras', {
      body,
      token,
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.body).toEqual(first.body);
    // Without the key the same body is a genuine second attempt: the camera exists.
    expect((await api.request('POST', '/v1/cameras', { body, token })).status).toBe(409);
  });

  it('when the same key comes with a different body, then 422', async () => {
    const headers = { 'idempotency-key': `key-diff-${Date.now()}` };
    expect((await api.request('POST', '/v1/cameras', { body: cameraBody(), token, headers })).status).toBe(
      201,
    );
    const res = await api.request<Problem>('POST', '/v1/cameras', { body: cameraBody(), token, headers });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when two requests with one key race, then exactly one is executed and the other is 409 or its replay', async () => {
    const body = cameraBody();
    const headers = { 'idempotency-key': `key-race-${Date.now()}` };
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        api.request<{ data?: { id: string } }>('POST', '/v1/cameras', { body, token, headers }),
      ),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter(
      (r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true',
    );
    expect(created).toHaveLength(1);
  });

  it('when the key is not printable ASCII or too long, then 400', async () => {
    const res = await api.request<Problem>('POST', '/v1/cameras', {
      body: cameraBody(),
      token,
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });
    expect(res.status).toBe(400);
  });
});

describe('rate limits', () => {
  it('when any response is sent, then it carries the rate-limit headers', async () => {
    const res = await api.request('GET', '/v1/cameras');
    expect(res.headers.get('x-ratelimit-limit')).toBe('25');
    expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(res.headers.get('ratelimit-policy')).toBe('"anonymous";q=25;w=60');
    expect(res.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
  });

  it('when the route is unknown or nothing acceptable is asked, then the answer still carries the rate-limit headers', async () => {
    const missing = await api.request('GET', '/v1/no-such-thing', { token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-ratelimit-limit')).not.toBeNull();
    const notAcceptable = await api.request('GET', '/v1/cameras', {
      token,
      headers: { accept: 'image/png' },
    });
    expect(notAcceptable.status).toBe(406);
    expect(notAcceptable.headers.get('ratelimit-policy')).toMatch(/^"editor"/);
  });

  it('when an anonymous client exceeds its limit, then 429 problem+json with Retry-After; an editor has their own budget', async () => {
    await withinOneWindow(15000);
    let limited: { status: number; headers: Headers; body: Problem } | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await api.request<Problem>('GET', '/v1/cameras');
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    const editor = await api.request('GET', '/v1/cameras', { token });
    expect(editor.status).toBe(200);
    expect(editor.headers.get('ratelimit-policy')).toMatch(/^"editor";q=\d+;w=60$/);
  });

  it('when login is attempted too often, then it is throttled before the anonymous limit', async () => {
    await withinOneWindow(15000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // A different account each time: this is the per-address limit, not the per-account one.
      const res = await api.request('POST', '/v1/auth/login', {
        body: { email: `nobody-${i}@test.rcr`, password: 'wrong-password' },
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('ratelimit-policy')).toBe('"login";q=4;w=60');
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('when an account is guessed at from many addresses, then new addresses are refused but its owner still logs in from an address it logged in from before', async () => {
    await withinOneWindow(15000);
    const from = (n: number) => new ApiClient(system.gateway.url, `127.0.0.${n}`);
    const email = `lockout-${Date.now()}@test.rcr`;
    const password = 'editor-password-1';
    await api.must('POST', '/v1/editors', { email, name: 'Lockout Owner', password }, token, 201);
    const owner = from(40);
    await owner.login(email, password);

    // One guess per address, so no per-address limit is reached: the account's shared budget (3) is.
    const guesses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await from(50 + i).request<Problem>('POST', '/v1/auth/login', {
        body: { email, password: `guess-${i}` },
      });
      guesses.push(res.status);
      if (res.status === 429) expect(res.headers.get('ratelimit-policy')).toBe('"login-account";q=3;w=60');
    }
    expect(guesses).toEqual([401, 401, 429, 429]);

    // The right password from a new address waits like any guess …
    const newcomer = await from(60).request<Problem>('POST', '/v1/auth/login', { body: { email, password } });
    expect(newcomer.status).toBe(429);
    // … while the owner's address has a budget of its own.
    const again = await owner.request('POST', '/v1/auth/login', {
      body: { email: email.toUpperCase(), password },
    });
    expect(again.status).toBe(200);
    const wrong = await owner.request('POST', '/v1/auth/login', { body: { email, password: 'typo' } });
    expect(wrong.status).toBe(401);
  });

  it('when an account is guessed at and its owner logs in from a new address with the device token of an earlier login, then the owner gets in; a missing, forged or other account\u2019s token waits', async () => {
    await withinOneWindow(15000);
    const from = (n: number) => new ApiClient(system.gateway.url, `127.0.1.${n}`);
    const password = 'editor-password-1';
    const newAccount = async (label: string) => {
      const email = `${label}-${Date.now()}@test.rcr`;
      await api.must('POST', '/v1/editors', { email, name: `Device ${label}`, password }, token, 201);
      return email;
    };
    const email = await newAccount('device-owner');
    const other = await newAccount('device-other');
    const first = await from(10).request('POST', '/v1/auth/login', { body: { email, password } });
    expect(first.status).toBe(200);
    const device = first.headers.get('rcr-login-device') as string;
    expect(device).toMatch(/^[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
    const otherLogin = await from(11).request('POST', '/v1/auth/login', { body: { email: other, password } });
    const othersDevice = otherLogin.headers.get('rcr-login-device') as string;

    // Guesses from elsewhere use up the account's shared budget (3, the owner's first login included).
    const guesses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await from(20 + i).request('POST', '/v1/auth/login', {
        body: { email, password: `guess-${i}` },
      });
      guesses.push(res.status);
    }
    expect(guesses).toEqual([401, 401, 429]);

    const login = (n: number, header?: string) =>
      from(n).request('POST', '/v1/auth/login', {
        body: { email, password },
        ...(header === undefined ? {} : { headers: { 'rcr-login-device': header } }),
      });
    const forged = `${device.slice(0, -2)}${device.endsWith('AA') ? 'AB' : 'AA'}`;
    expect((await login(30)).status).toBe(429);
    expect((await login(31, forged)).status).toBe(429);
    expect((await login(32, othersDevice)).status).toBe(429);
    expect((await login(33, 'not a token')).status).toBe(429);
    // The owner, travelling: a new address, the device token of the first login.
    const travelling = await login(34, device);
    expect(travelling.status).toBe(200);
    // Its login renews the token for the same device.
    const renewed = travelling.headers.get('rcr-login-device') as string;
    expect(renewed.split('.')[0]).toBe(device.split('.')[0]);
  });
});
