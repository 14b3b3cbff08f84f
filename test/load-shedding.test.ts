import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { eventually } from './support/eventually.ts';
import { startTestSystem } from './support/system.ts';

// The embedded system runs in this test's process: keeping this event loop busy is the overload.
let system: EmbeddedSystem;

beforeAll(async () => {
  system = await startTestSystem({ SHED_MAX_EVENT_LOOP_DELAY_MS: '40' });
});

afterAll(async () => {
  await system?.stop();
});

/** Keeps the event loop lagging (60 ms of work every few ms) until the returned function is called. */
function overload(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // busy: nothing else runs in this process meanwhile
    }
  }, 5);
  return () => clearInterval(timer);
}

const get = async (path: string) => {
  const response = await fetch(`${system.gateway.url}${path}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
};

describe('load shedding', () => {
  it('when the event loop lags past the limit, then requests get 503 OVERLOADED with Retry-After at once, the liveness probe still answers, and service resumes after', async () => {
    // (Starting the system is itself a busy moment for this event loop.)
    await eventually(async () => expect((await get('/v1/cameras')).status).toBe(200), 5000);
    const stop = overload();
    try {
      let shed: Awaited<ReturnType<typeof get>> | undefined;
      await eventually(async () => {
        shed = await get('/v1/cameras');
        expect(shed.status).toBe(503);
      }, 10_000);
      if (!shed) throw new Error('no answer');

      expect(shed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(shed.headers.get('retry-after')).toBe('2');
      expect(JSON.parse(shed.body)).toMatchObject({ status: 503, code: 'OVERLOADED' });
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      stop();
    }

    await eventually(async () => expect((await get('/v1/cameras')).status).toBe(200), 5000);
  });
});
