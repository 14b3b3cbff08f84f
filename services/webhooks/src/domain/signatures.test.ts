import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isWebhookSecret, newEndpointSecret, signMessage, verifyMessage } from './signatures.ts';

const body = JSON.stringify({
  type: 'review.published',
  timestamp: '2026-12-01T10:00:00.000Z',
  data: { a: 1 },
});

describe('signMessage', () => {
  it('when one secret signs, then the reference library verifies the message with it', async () => {
    const secret = newEndpointSecret();
    const headers = await signMessage({ id: 'msg-1', body, secrets: [secret], at: new Date() });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('when two secrets sign (a rotation), then the header holds two signatures and either secret verifies', async () => {
    const current = newEndpointSecret();
    const previous = newEndpointSecret();
    const headers = await signMessage({ id: 'msg-2', body, secrets: [current, previous], at: new Date() });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(newEndpointSecret()).verify(body, { ...headers })).toThrow(
      /No matching signature/,
    );
  });

  it('when the body or the id changes after signing, then the signature no longer verifies', async () => {
    const secret = newEndpointSecret();
    const headers = await signMessage({ id: 'msg-3', body, secrets: [secret], at: new Date() });
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg-4' })).toThrow();
  });
});

describe('verifyMessage', () => {
  const secret = newEndpointSecret();
  const signed = (at: Date) => signMessage({ id: 'in-1', body, secrets: [secret], at });

  it('when the message is signed with the secret just now, then it verifies', async () => {
    expect(await verifyMessage(secret, Buffer.from(body), await signed(new Date()))).toEqual({ ok: true });
  });

  it('when the timestamp is more than 5 minutes old or ahead, then it does not verify', async () => {
    const old = await signed(new Date(Date.now() - 6 * 60_000));
    const ahead = await signed(new Date(Date.now() + 6 * 60_000));
    expect(await verifyMessage(secret, Buffer.from(body), old)).toEqual({
      ok: false,
      reason: expect.stringMatching(/too old/),
    });
    expect(await verifyMessage(secret, Buffer.from(body), ahead)).toEqual({
      ok: false,
      reason: expect.stringMatching(/too new/),
    });
  });

  it('when another secret signed it, or headers are missing, then it does not verify', async () => {
    const headers = await signMessage({ id: 'in-2', body, secrets: [newEndpointSecret()], at: new Date() });
    expect((await verifyMessage(secret, Buffer.from(body), headers)).ok).toBe(false);
    expect((await verifyMessage(secret, Buffer.from(body), { ...headers, 'webhook-signature': '' })).ok).toBe(
      false,
    );
  });
});

describe('secrets', () => {
  it('when a secret is made, then it is whsec_ and 32 random bytes, and usable', () => {
    const secret = newEndpointSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(newEndpointSecret()).not.toBe(secret);
  });

  it('when a text lacks the prefix or holds too few bytes, then it is not a usable secret', () => {
    expect(isWebhookSecret('abc')).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(8).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(100).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret('whsec_not base64!')).toBe(false);
  });
});
