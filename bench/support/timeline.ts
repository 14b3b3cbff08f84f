/** Reading a stream of events' publish and apply times (pure functions; times in epoch ms). */

/** One event: when its publish started and when the read model first applied it. */
export interface Point {
  at: number;
  appliedAt: number;
}

/** One event in publish order, with when the read model held it and every event published before it. */
export interface Prefix {
  at: number;
  completeAt: number;
}

/**
 * For each event in publish order, the moment the read model held it and every earlier event: the
 * running maximum of apply times. `completeAt - at` is the event's "backlog lag": in a steady stream it
 * is the usual lag; behind a stopped consumer it is how far behind the read model is.
 */
export function prefixes(points: readonly Point[]): Prefix[] {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  let completeAt = Number.NEGATIVE_INFINITY;
  return sorted.map((p) => {
    completeAt = Math.max(completeAt, p.appliedAt);
    return { at: p.at, completeAt };
  });
}

/**
 * When the read model was complete again after an interruption: the first event published at or after
 * `from` whose backlog lag is back within `thresholdMs` (the lag the stream had before) — the moment it
 * and everything before it were applied. Null when that never happened in the data.
 */
export function caughtUpAt(series: readonly Prefix[], from: number, thresholdMs: number): number | null {
  for (const p of series) {
    if (p.at >= from && p.completeAt - p.at <= thresholdMs) return p.completeAt;
  }
  return null;
}

/** How many of `times` fall in each `bucketMs` from `from` up to the last of them. */
export function histogram(times: readonly number[], from: number, bucketMs: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    if (t < from) continue;
    const i = Math.floor((t - from) / bucketMs);
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}
