import { describe, expect, it } from 'vitest';
import { backupJobId, backupSlot } from './schedule-backup.ts';

const HOUR = 3_600_000;

describe('backupSlot', () => {
  it('when two processes look at different instants of one interval, then they find the same slot', () => {
    const start = Date.parse('2026-12-01T06:00:00.000Z');
    expect(backupSlot(start, 6 * HOUR)).toBe(start);
    expect(backupSlot(start + 6 * HOUR - 1, 6 * HOUR)).toBe(start);
    expect(backupSlot(start + 6 * HOUR, 6 * HOUR)).toBe(start + 6 * HOUR);
  });
});

describe('backupJobId', () => {
  it('when the slot and interval are the same, then the id is the same: replicas queue one backup per slot', () => {
    const slot = Date.parse('2026-12-01T06:00:00.000Z');
    expect(backupJobId(slot, 6 * HOUR)).toBe(backupJobId(slot, 6 * HOUR));
    expect(backupJobId(slot, 6 * HOUR)).not.toBe(backupJobId(slot + 6 * HOUR, 6 * HOUR));
    expect(backupJobId(slot, 6 * HOUR)).not.toBe(backupJobId(slot, 3 * HOUR));
  });

  it('when made, then it is a well-formed uuid (version 8, RFC 9562 variant) the uuid column takes', () => {
    for (let k = 0; k < 50; k += 1)
      expect(backupJobId(k * HOUR, HOUR)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});
