/** One line of a benchmark's Markdown table and of `bench-results.json`. */
export interface BenchRow {
  /** What was measured, e.g. "PutItem with stream capture". */
  name: string;
  /** The headline figure (a rate, a percentile, a ratio). */
  value: number;
  unit: string;
  /** How it was measured and the other percentiles, e.g. "p50 1.2 ms, p99 4.0 ms over 5,000 calls". */
  detail?: string;
}
