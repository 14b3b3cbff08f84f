import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.ts';
import { parseAllowList, type Resolve } from '../src/domain/address-guard.ts';
import { newEndpointSecret } from '../src/domain/signatures.ts';
import { EXCERPT_BYTES, WebhookSender } from '../src/delivery/send-webhook.ts';

// The sender against real receivers on loopback: 127.0.0.2 is the allowed address, 127.0.0.1 an internal
// one. Host names are resolved by a resolver the test controls, as a DNS server under an attacker's
// control would answer.

let allowed: WebhookReceiver;
let internal: WebhookReceiver;
const allow = parseAllowList('127.0.0.2');
const secret = newEndpointSecret();
const message = (url: string) => ({
  url,
  id: 'msg_test',
  body: '{"type":"t","timestamp":"x","data":{}}',
  secrets: [secret],
});
const answering =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: 4 as const }));

beforeAll(async () => {
  allowed = await WebhookReceiver.start('127.0.0.2');
  internal = await WebhookReceiver.start('127.0.0.1');
});

afterAll(async () => {
  await allowed.close();
  await internal.close();
});

describe('WebhookSender', () => {
  it('when a host name resolves to an allowed address, then the message goes to that very address, signed, with the name as Host', async () => {
    const sender = new WebhookSender(allow, answering('127.0.0.2'), 2000);
    const before = allowed.received.length;
    // The system resolver knows no `partner.test`: only the checked address can have been used.
    const result = await sender.send(message(`http://partner.test:${allowed.port}/pinned`));
    sender.close();
    expect(result.outcome).toEqual({ kind: 'success', status: 200 });
    const [request] = allowed.received.slice(before);
    expect(request?.headers.host).toBe(`partner.test:${allowed.port}`);
    expect(WebhookReceiver.verify(request as NonNullable<typeof request>, secret)).toMatchObject({
      type: 't',
    });
  });

  it('when the name resolves to an internal address at delivery (DNS rebinding), then nothing is sent and the attempt fails saying why', async () => {
    const sender = new WebhookSender(allow, answering('127.0.0.1'), 2000);
    const before = internal.received.length;
    const result = await sender.send(message(`http://partner.test:${internal.port}/rebound`));
    sender.close();
    expect(result.outcome).toMatchObject({
      kind: 'failure',
      error: expect.stringContaining('resolves to 127.0.0.1, a loopback address'),
    });
    expect(internal.received.length).toBe(before);
  });

  it('when one of the addresses is internal, then nothing is sent either', async () => {
    const sender = new WebhookSender(allow, answering('127.0.0.2', '127.0.0.1'), 2000);
    const before = allowed.received.length + internal.received.length;
    const result = await sender.send(message(`http://partner.test:${allowed.port}/mixed`));
    sender.close();
    expect(result.outcome.kind).toBe('failure');
    expect(allowed.received.length + internal.received.length).toBe(before);
  });

  it('when the receiver is slower than the timeout, then the attempt fails at the timeout', async () => {
    allowed.respond = () => ({ status: 200, delayMs: 3000 });
    const sender = new WebhookSender(allow, answering(), 300);
    const result = await sender.send(message(allowed.url('/slow')));
    sender.close();
    allowed.respond = () => ({ status: 200, body: 'ok' });
    expect(result.outcome).toMatchObject({
      kind: 'failure',
      error: expect.stringContaining('timed out after 300 ms'),
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('when the answer is large, then only its first KB is kept; Retry-After and redirects are read, not followed', async () => {
    const sender = new WebhookSender(allow, answering(), 2000);
    allowed.respond = () => ({ status: 503, body: 'x'.repeat(200_000), headers: { 'retry-after': '7' } });
    const large = await sender.send(message(allowed.url('/large')));
    expect(large.responseExcerpt).toHaveLength(EXCERPT_BYTES);
    expect(large.outcome).toEqual({ kind: 'failure', status: 503, retryAfterMs: 7000 });

    allowed.respond = (request) =>
      request.path === '/moved'
        ? { status: 301, headers: { location: allowed.url('/target') } }
        : { status: 200 };
    const moved = await sender.send(message(allowed.url('/moved')));
    sender.close();
    allowed.respond = () => ({ status: 200, body: 'ok' });
    expect(moved.outcome).toMatchObject({
      kind: 'failure',
      status: 301,
      error: expect.stringContaining('redirect not followed'),
    });
    expect(allowed.at('/target')).toHaveLength(0);
  });

  it('when nothing listens, then the attempt fails with the connection error', async () => {
    const sender = new WebhookSender(allow, answering(), 2000);
    const result = await sender.send(message('http://127.0.0.2:9/closed'));
    sender.close();
    expect(result.outcome).toMatchObject({ kind: 'failure', error: expect.stringContaining('ECONNREFUSED') });
  });
});
