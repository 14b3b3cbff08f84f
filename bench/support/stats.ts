/** Percentiles of a sample and spreads across repeated runs (pure functions, no I/O). */

/** The nearest-rank percentile `p` (0–100) of `values`; NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** p50, p95, p99 and max of a sample of latencies, in its unit. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The percentiles the reports use. */
export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

/** One figure over repeated runs: the median and the range, so a loaded machine's noise shows. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The spread of one figure across runs (median of an even count: the mean of the middle two). */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    runs: sorted.length,
  };
}

/** Rounds to `digits` decimals (figures in reports, not in computations). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `median (min–max)` of a spread, rounded, for a table cell. */
export function formatSpread(s: Spread, digits = 0): string {
  if (s.runs <= 1) return String(round(s.median, digits));
  return `${round(s.median, digits)} (${round(s.min, digits)}–${round(s.max, digits)})`;
}
