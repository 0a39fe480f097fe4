/** Small statistics over repeated measurements. */

/** One figure over repeated runs: median and spread (min, max). */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
  readonly samples: readonly number[];
}

/** The q-quantile (0..1) of values, linear between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const low = sorted[lo] ?? Number.NaN;
  const high = sorted[hi] ?? low;
  return low + (high - low) * (at - lo);
}

/** Median and spread of repeated measurements. */
export function figure(samples: readonly number[]): Figure {
  return {
    median: quantile(samples, 0.5),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    samples: [...samples],
  };
}

/** A figure of one value (a single run). */
export const single = (value: number): Figure => figure([value]);

/** Spread as ±% of the median: half the min–max range. */
export function spreadPercent(f: Figure): number {
  if (f.median === 0 || f.runs < 2) return 0;
  return ((f.max - f.min) / 2 / Math.abs(f.median)) * 100;
}
