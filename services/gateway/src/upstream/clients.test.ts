import { describe, expect, it } from 'vitest';
import { upstreamTimeout } from './clients.ts';

describe('upstreamTimeout', () => {
  const now = 1_000_000;
  it('when the caller set no deadline, then the gateway’s own bound applies', () => {
    expect(upstreamTimeout(3000, undefined, now)).toBe(3000);
  });

  it('when the caller’s deadline is nearer than the bound, then the upstream call gets what remains of it', () => {
    expect(upstreamTimeout(3000, new Date(now + 250), now)).toBe(250);
  });

  it('when the caller’s deadline is further than the bound, then the bound applies', () => {
    expect(upstreamTimeout(3000, new Date(now + 60_000), now)).toBe(3000);
  });

  it('when the deadline has passed, then nothing remains (the call is not made)', () => {
    expect(upstreamTimeout(3000, new Date(now - 5), now)).toBeLessThanOrEqual(0);
  });
});
