import { parseDuration } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import {
  decideAfterAttempt,
  JITTER,
  nextAttemptDelay,
  outcomeOfStatus,
  parseRetryAfter,
  STANDARD_RETRY_SCHEDULE,
  type DeliveryPolicy,
} from './delivery-policy.ts';

const schedule = STANDARD_RETRY_SCHEDULE.split(',').map((text) => parseDuration(text) as number);
const policy: DeliveryPolicy = {
  retrySchedule: schedule,
  retryAfterMaxMs: 3_600_000,
  disableAfterMs: 5 * 86_400_000,
};
const now = new Date('2026-12-01T10:00:00Z');
const middle = () => 0.5;

describe('nextAttemptDelay', () => {
  it('when no jitter applies, then the waits are the Standard Webhooks schedule', () => {
    expect(schedule.map((_, made) => nextAttemptDelay(made, schedule, middle))).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
    ]);
  });

  it('when every attempt of the schedule was made, then there is no next one', () => {
    expect(nextAttemptDelay(schedule.length, schedule)).toBeUndefined();
    expect(nextAttemptDelay(3, [0, 1000, 2000])).toBeUndefined();
  });

  it('when jitter applies, then the wait stays within its bounds and varies', () => {
    const low = nextAttemptDelay(2, schedule, () => 0) as number;
    const high = nextAttemptDelay(2, schedule, () => 0.999999) as number;
    expect(low).toBe(300_000 * (1 - JITTER));
    expect(high).toBeCloseTo(300_000 * (1 + JITTER), -1);
    const seen = new Set(Array.from({ length: 20 }, () => nextAttemptDelay(2, schedule)));
    expect(seen.size).toBeGreaterThan(1);
    expect(nextAttemptDelay(0, schedule, () => 0.9)).toBe(0); // immediately stays immediately
  });
});

describe('parseRetryAfter', () => {
  it('when the header holds seconds or a date, then it is the wait in ms', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('when the header is absent or unreadable, then there is no wait', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
  });
});

describe('outcomeOfStatus', () => {
  it('when the status is 2xx, then it is a success; 410 is gone; anything else (3xx included) a failure', () => {
    expect(outcomeOfStatus(200).kind).toBe('success');
    expect(outcomeOfStatus(204).kind).toBe('success');
    expect(outcomeOfStatus(299).kind).toBe('success');
    expect(outcomeOfStatus(410).kind).toBe('gone');
    for (const status of [100, 301, 302, 307, 308, 400, 404, 429, 500, 503]) {
      expect(outcomeOfStatus(status).kind).toBe('failure');
    }
  });
});

describe('decideAfterAttempt', () => {
  it('when the attempt succeeded, then the delivery succeeded and the endpoint is healthy', () => {
    expect(
      decideAfterAttempt({ outcome: outcomeOfStatus(200), attemptsMade: 3, failingSince: now, now, policy }),
    ).toEqual({ delivery: { status: 'succeeded' }, endpoint: { health: 'healthy' } });
  });

  it('when the first attempt failed, then the next is 5 s later and the endpoint is failing from now', () => {
    const decision = decideAfterAttempt({
      outcome: outcomeOfStatus(500),
      attemptsMade: 1,
      failingSince: null,
      now,
      policy,
      random: middle,
    });
    expect(decision).toEqual({
      delivery: { status: 'pending', nextAttemptAt: new Date(now.getTime() + 5_000) },
      endpoint: { health: 'failing', failingSince: now },
    });
  });

  it('when the last attempt of the schedule failed, then the delivery failed', () => {
    const decision = decideAfterAttempt({
      outcome: { kind: 'failure', error: 'timeout' },
      attemptsMade: schedule.length,
      failingSince: now,
      now,
      policy,
    });
    expect(decision.delivery).toEqual({ status: 'failed' });
  });

  it('when the receiver asks to wait with Retry-After, then the next attempt waits for it, up to the bound', () => {
    const after = (retryAfterMs: number) =>
      decideAfterAttempt({
        outcome: outcomeOfStatus(503, retryAfterMs),
        attemptsMade: 1,
        failingSince: null,
        now,
        policy,
        random: middle,
      }).delivery;
    expect(after(60_000)).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 60_000) });
    expect(after(1_000)).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 5_000) });
    expect(after(86_400_000)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + policy.retryAfterMaxMs),
    });
  });

  it('when the receiver answered 410 Gone, then the delivery failed and the endpoint is disabled', () => {
    const decision = decideAfterAttempt({
      outcome: outcomeOfStatus(410),
      attemptsMade: 1,
      failingSince: null,
      now,
      policy,
    });
    expect(decision.delivery).toEqual({ status: 'failed' });
    expect(decision.endpoint).toMatchObject({ health: 'disable', reason: 'gone' });
  });

  it('when the endpoint has failed for the whole disable period, then it is disabled; a moment less, not yet', () => {
    const since = (ms: number) => new Date(now.getTime() - ms);
    const at = (ms: number) =>
      decideAfterAttempt({
        outcome: outcomeOfStatus(500),
        attemptsMade: 2,
        failingSince: since(ms),
        now,
        policy,
      }).endpoint.health;
    expect(at(policy.disableAfterMs)).toBe('disable');
    expect(at(policy.disableAfterMs - 1)).toBe('failing');
  });
});
