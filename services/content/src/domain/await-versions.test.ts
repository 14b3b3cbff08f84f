import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, parseAwaitRequest, waitUntil } from './await-versions.ts';

describe('parseAwaitRequest', () => {
  it('when the timeout is out of range, then it is clamped to 0–5000 ms', () => {
    expect(parseAwaitRequest({ timeoutMs: 60_000 }).timeoutMs).toBe(MAX_WAIT_MS);
    expect(parseAwaitRequest({ timeoutMs: -5 }).timeoutMs).toBe(0);
    expect(parseAwaitRequest({}).timeoutMs).toBe(0);
  });

  it('when watermarks are well formed, then they are kept', () => {
    const watermarks = [
      { kind: 'review', id: 'r1', version: 3 },
      { kind: 'camera', id: 'c1', version: 0 },
    ];
    expect(parseAwaitRequest({ watermarks, timeoutMs: 100 })).toEqual({ watermarks, timeoutMs: 100 });
  });

  it.each([
    [{ kind: 'editor', id: 'e1', version: 1 }],
    [{ kind: 'review', id: '', version: 1 }],
    [{ kind: 'review', id: 'r1', version: -1 }],
  ])('when a watermark is %j, then it is VALIDATION_FAILED on watermarks', (watermark) => {
    expect(() => parseAwaitRequest({ watermarks: [watermark] })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field: 'watermarks' })],
      }),
    );
  });
});

describe('waitUntil', () => {
  it('when the condition already holds, then it resolves true after one check, even with no time to wait', async () => {
    let checks = 0;
    expect(await waitUntil(async () => (checks++, true), 0)).toBe(true);
    expect(checks).toBe(1);
  });

  it('when the condition becomes true while waiting, then it resolves true soon after', async () => {
    const readyAt = Date.now() + 40;
    const started = Date.now();
    expect(await waitUntil(async () => Date.now() >= readyAt, 1000, 5)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('when the condition never holds, then it resolves false once the time is up', async () => {
    const started = Date.now();
    expect(await waitUntil(async () => false, 50, 5)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
