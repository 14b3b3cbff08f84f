import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './values.ts';

/** What the parser gave before its fast path: through Date. */
const throughDate = (text: string) => new Date(text).toISOString();

/** A timestamptz as PostgreSQL writes it in a UTC session (fraction trimmed of trailing zeros). */
function pgText(ms: number, micros: number): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

describe('parseTimestamptz', () => {
  it('when PostgreSQL writes a UTC instant, then the ISO text is the one Date gives (milliseconds truncated)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }),
        fc.integer({ min: 0, max: 999 }),
        (ms, micros) => {
          const text = pgText(ms, micros);
          expect(parseTimestamptz(text)).toBe(throughDate(text));
        },
      ),
    );
    expect(parseTimestamptz('2026-11-30 12:00:00.999999+00')).toBe('2026-11-30T12:00:00.999Z');
    expect(parseTimestamptz('2026-11-30 12:00:00+00')).toBe('2026-11-30T12:00:00.000Z');
  });

  it('when the session is not UTC or the value is unbounded, then it is read as before', () => {
    expect(parseTimestamptz('2026-11-30 13:00:00.5+01')).toBe('2026-11-30T12:00:00.500Z');
    expect(parseTimestamptz('infinity')).toBe('infinity');
    expect(parseTimestamptz('-infinity')).toBe('-infinity');
  });
});
