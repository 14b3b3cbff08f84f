import { describe, expect, it } from 'vitest';
import { retryDelay } from './port.ts';

describe('retryDelay', () => {
  const samples = (attempt: number, baseMs: number) =>
    Array.from({ length: 200 }, () => retryDelay(attempt, baseMs));

  it('when an attempt fails, then the delay lies between half and all of base × 2^(attempt-1)', () => {
    for (const [attempt, ceiling] of [
      [1, 20],
      [2, 40],
      [3, 80],
    ] as const) {
      for (const delay of samples(attempt, 20)) {
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('when attempts pile up, then the delay never exceeds 5 s', () => {
    for (const delay of samples(60, 50)) {
      expect(delay).toBeGreaterThanOrEqual(2500);
      expect(delay).toBeLessThanOrEqual(5000);
    }
  });

  it('when the attempt number is zero or negative, then it counts as the first attempt', () => {
    for (const delay of [...samples(0, 20), ...samples(-3, 20)]) {
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(20);
    }
  });
});
