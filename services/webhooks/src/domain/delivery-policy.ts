// What happens after each delivery attempt: success, another attempt later (the retry schedule with
// jitter, Retry-After honoured within a bound), or giving up; and what the endpoint's health becomes
// (410 Gone and failing for too long disable it). Pure: the worker applies the decision.

/** The Standard Webhooks retry schedule: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const STANDARD_RETRY_SCHEDULE = '0s,5s,5m,30m,2h,5h,10h,14h,20h,24h';

/** Each wait is stretched or shrunk by up to this fraction at random, so retries of many deliveries spread out. */
export const JITTER = 0.2;

/** How a delivery policy is set (config RCR_WEBHOOK_*). */
export interface DeliveryPolicy {
  /** Waits before each attempt, the first one's included (its length is the number of attempts). */
  retrySchedule: readonly number[];
  /** Longest Retry-After honoured, in ms; a longer one is cut to this. */
  retryAfterMaxMs: number;
  /** An endpoint whose every attempt failed for this long is disabled. */
  disableAfterMs: number;
}

/**
 * The wait before the next attempt once `attemptsMade` attempts were made, with jitter (`random` in [0, 1));
 * undefined when the schedule is exhausted.
 */
export function nextAttemptDelay(
  attemptsMade: number,
  schedule: readonly number[],
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[attemptsMade];
  if (base === undefined) return undefined;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * The wait a `Retry-After` header asks for, in ms (seconds or an HTTP date; negative becomes 0), or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** What one attempt came to. */
export type AttemptOutcome =
  /** The receiver answered 2xx. */
  | { kind: 'success'; status: number }
  /** The receiver answered 410 Gone: it wants nothing more. */
  | { kind: 'gone'; status: number }
  /** Any other answer (3xx too: redirects are not followed), or none (timeout, refused address, …). */
  | { kind: 'failure'; status?: number | undefined; retryAfterMs?: number | undefined; error?: string };

/** The outcome of an HTTP status: only 2xx is success. */
export function outcomeOfStatus(status: number, retryAfterMs?: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'success', status };
  if (status === 410) return { kind: 'gone', status };
  return { kind: 'failure', status, retryAfterMs };
}

/** The delivery's state after an attempt. */
export type DeliveryDecision =
  { status: 'succeeded' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

/** What the endpoint becomes after an attempt. */
export type EndpointDecision =
  | { health: 'healthy' }
  | { health: 'failing'; failingSince: Date }
  | { health: 'disable'; reason: 'gone' | 'failing'; detail: string; failingSince: Date | null };

/**
 * Decides, after attempt number `attemptsMade` of a delivery ended with `outcome`, what the delivery and
 * its endpoint become. `failingSince` is the endpoint's (null when its last attempt succeeded).
 */
export function decideAfterAttempt(input: {
  outcome: AttemptOutcome;
  attemptsMade: number;
  failingSince: Date | null;
  now: Date;
  policy: DeliveryPolicy;
  random?: () => number;
}): { delivery: DeliveryDecision; endpoint: EndpointDecision } {
  const { outcome, attemptsMade, now, policy } = input;
  if (outcome.kind === 'success')
    return { delivery: { status: 'succeeded' }, endpoint: { health: 'healthy' } };
  if (outcome.kind === 'gone') {
    return {
      delivery: { status: 'failed' },
      endpoint: {
        health: 'disable',
        reason: 'gone',
        detail: 'the receiver answered 410 Gone',
        failingSince: input.failingSince,
      },
    };
  }
  const failingSince = input.failingSince ?? now;
  const failingFor = now.getTime() - failingSince.getTime();
  if (failingFor >= policy.disableAfterMs) {
    return {
      delivery: { status: 'failed' },
      endpoint: {
        health: 'disable',
        reason: 'failing',
        detail: `every attempt failed since ${failingSince.toISOString()} (${outcome.error ?? `status ${outcome.status}`})`,
        failingSince,
      },
    };
  }
  const endpoint: EndpointDecision = { health: 'failing', failingSince };
  const delay = nextAttemptDelay(attemptsMade, policy.retrySchedule, input.random);
  if (delay === undefined) return { delivery: { status: 'failed' }, endpoint };
  const asked =
    outcome.retryAfterMs === undefined ? 0 : Math.min(outcome.retryAfterMs, policy.retryAfterMaxMs);
  return {
    delivery: { status: 'pending', nextAttemptAt: new Date(now.getTime() + Math.max(delay, asked)) },
    endpoint,
  };
}
