import type { RateLimitCounters } from '../rest/rate-limit-counters.ts';

/** A partner key past its calls for the minute: RESOURCE_EXHAUSTED with `retry-after` (see statusOf). */
export class PartnerRateLimited extends Error {
  constructor(
    readonly retryAfterS: number,
    readonly perMinute: number,
  ) {
    super(`too many calls: at most ${perMinute} a minute per API key; retry after ${retryAfterS} s`);
  }
}

/** Counts one call (or one LookupReviews request) of a partner key; throws PartnerRateLimited past it. */
export type PartnerCallBudget = (keyId: string) => void;

/**
 * The partner API's rate limit (PARTNER_RATE_LIMIT_PER_MINUTE): every unary call, every stream opened
 * and every request on a LookupReviews stream counts against its key's budget for the clock minute, in
 * the counters REST's limits use (shared by every gateway through Redis, in batches; no I/O per call).
 */
export function partnerCallBudget(counters: RateLimitCounters, perMinute: number): PartnerCallBudget {
  return (keyId) => {
    const { current, ttl } = counters.hit(`partner:${keyId}`, 60_000);
    if (current > perMinute) throw new PartnerRateLimited(Math.max(1, Math.ceil(ttl / 1000)), perMinute);
  };
}
