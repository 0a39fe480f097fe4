/** How big each benchmark is: the sizes, or a quick subset. */
export interface BenchPlan {
  readonly mode: 'quick' | 'full';
  /** Records on the ingest topic; (b) and (c) drain all of them. */
  readonly ingestRecords: number;
  /** Repetitions of each ingest variant and latency. */
  readonly ingestRuns: number;
  /** The baseline is one call at a time: it stops at a cap or a time limit. */
  readonly baselineMaxRecords: number;
  readonly baselineMaxMs: number;
  readonly baselineRuns: number;
  /** Injected Data API latencies, in ms. */
  readonly latenciesMs: readonly number[];
  /** Records for the peak-RSS run (0 = skipped). */
  readonly rssRecords: number;
  readonly idleRuns: number;
  readonly publishPosts: number;
  readonly publishBatch: number;
  readonly publishBaselinePosts: number;
  readonly publishRuns: number;
  readonly singlePostInvokes: number;
  readonly loadRuns: number;
}

/** The sizes (issue 7), sized to finish in about 20 minutes. */
const FULL: BenchPlan = {
  mode: 'full',
  ingestRecords: 50_000,
  ingestRuns: 3,
  baselineMaxRecords: 5_000,
  baselineMaxMs: 20_000,
  baselineRuns: 3,
  latenciesMs: [0, 50],
  rssRecords: 100_000,
  idleRuns: 5,
  publishPosts: 10_000,
  publishBatch: 100,
  publishBaselinePosts: 500,
  publishRuns: 3,
  singlePostInvokes: 1_000,
  loadRuns: 10,
};

/** About three minutes, for CI and reviewers. */
const QUICK: BenchPlan = {
  ...FULL,
  mode: 'quick',
  ingestRecords: 5_000,
  baselineMaxRecords: 1_000,
  baselineMaxMs: 4_000,
  rssRecords: 0,
  idleRuns: 3,
  publishPosts: 2_000,
  publishBaselinePosts: 100,
  publishRuns: 2,
  singlePostInvokes: 200,
  loadRuns: 5,
};

/** The plan for the command-line arguments (`--quick`). */
export function planFor(args: readonly string[]): BenchPlan {
  return args.includes('--quick') ? QUICK : FULL;
}
