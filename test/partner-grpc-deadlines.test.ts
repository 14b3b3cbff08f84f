import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedSystem, type EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { credentials, PartnerClient, ReviewWatch, statusOf, within } from './support/partner-client.ts';

// Every service holds each answer back this long after its work is done: a slow back end.
const SLOW_MS = 800;
let system: EmbeddedSystem;
let partner: PartnerClient;
let apiKey: string;
/** What the system logged at warn and above, parsed, with when it arrived. */
const logged: { atMs: number; line: Record<string, unknown> }[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean))
        logged.push({ atMs: Date.now(), line: JSON.parse(text) as Record<string, unknown> });
      done();
    },
  });
  system = await startEmbeddedSystem(
    {
      RCR_DATA_DIR: 'memory://',
      PORT: '0',
      PARTNER_GRPC_PORT: '0',
      HOST: '127.0.0.1',
      RCR_ADMIN_EMAIL: TEST_ADMIN.email,
      RCR_ADMIN_PASSWORD: TEST_ADMIN.password,
      RCR_FAULTS: `slow-reply:${SLOW_MS}`,
      // The key's verification is remembered for the whole file: only the call under test is slow.
      PARTNER_KEY_CACHE_MS: '60000',
    },
    pino({ level: 'warn' }, sink),
  );
  const api = new ApiClient(system.gateway.url);
  const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  apiKey = (await api.must<{ key: string }>('POST', '/v1/admin/partner-keys', { name: 'Slow' }, admin, 201))
    .key;
  partner = new PartnerClient(system.gateway.partnerGrpc);
  await partner.listContent({ pageSize: 1 }, { apiKey });
}, 60_000);

afterAll(async () => {
  partner?.close();
  await system?.stop();
});

describe('partner gRPC API: deadlines and outages', () => {
  it('when a client’s deadline is shorter than the back end takes, then it gets DEADLINE_EXCEEDED and the gateway’s upstream call gave up at that deadline too', async () => {
    const requestId = `deadline-${Date.now()}`;
    const metadata = credentials({ apiKey });
    metadata.set('x-request-id', requestId);
    const started = Date.now();
    const call = partner.content.listContent({ pageSize: 1 }, metadata, within(300), () => undefined);
    const status = await new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
    expect(status.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    // The gateway's own call to the content service had the client's deadline, not its 3 s default: it
    // timed out before the slow answer came (without propagation it would have succeeded at 800 ms).
    await eventually(() =>
      expect(logged.find((l) => l.line.requestId === requestId)?.line).toMatchObject({
        method: '/rcr.partner.v1.ContentService/ListContent',
        code: expect.stringMatching(/^(UPSTREAM_TIMEOUT|DEADLINE_EXCEEDED)$/),
      }),
    );
    const gaveUp = logged.find((l) => l.line.requestId === requestId) as { atMs: number };
    expect(gaveUp.atMs - started).toBeLessThan(SLOW_MS);
  });

  it('when the client’s deadline leaves enough time, then the same call succeeds', async () => {
    const page = await partner.listContent({ pageSize: 1 }, { apiKey }, within(5000));
    expect(page.reviews).toEqual([]);
  });

  it('when the content service is down, then reads are UNAVAILABLE (not INTERNAL)', async () => {
    const content = system.services.find((s) => s.name === 'content');
    await content?.stop();
    const status = await statusOf(partner.listContent({ pageSize: 1 }, { apiKey }, within(5000)));
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('when the gateway stops, then an open WatchReviews stream ends at once with UNAVAILABLE (resume elsewhere)', async () => {
    const stream = new ReviewWatch(partner, {}, { apiKey });
    await stream.opened;
    const started = Date.now();
    await system.gateway.stop();
    await eventually(() => expect(stream.error?.code).toBe(grpc.status.UNAVAILABLE));
    // Within the server's drain: the stream did not hold the stop for the whole grace period.
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
