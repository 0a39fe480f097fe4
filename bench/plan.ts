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

/** The sizes (issue 7); about 4 minutes on 2 cores. */
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
  publishRuns: 5,
  singlePostInvokes: 1_000,
  // The unbundled side swings ±20% between samples: 20 keep the median steady.
  loadRuns: 20,
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
  loadRuns: 10,
};

/** What `npm run bench -- …` asked for. */
export interface BenchArgs {
  readonly plan: BenchPlan;
  /** The suites named by `--only=`, or undefined for the default set. */
  readonly only?: readonly string[];
}

/** A command line the bench does not take; the message says what it takes. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

/**
 * Read `[--quick] [--only=suite,…]`; anything else is refused rather than
 * ignored (a typo would otherwise start the whole 4-minute run).
 * @throws BenchUsageError
 */
export function parseBenchArgs(
  args: readonly string[],
  suiteNames: readonly string[],
): BenchArgs {
  let only: string[] | undefined;
  for (const arg of args) {
    if (arg === '--quick') continue;
    if (arg.startsWith('--only=')) {
      if (only) throw new BenchUsageError('--only is given once, as a list');
      only = arg.slice('--only='.length).split(',');
      const unknown = only.filter((name) => !suiteNames.includes(name));
      if (only.join('') === '' || unknown.length > 0) {
        throw new BenchUsageError(
          `--only takes suite names from: ${suiteNames.join(', ')}` +
            (unknown.length > 0
              ? ` (not ${unknown.map((u) => JSON.stringify(u)).join(', ')})`
              : ''),
        );
      }
      continue;
    }
    const hint = arg === '--only' ? ' (write --only=suite,… with "=")' : '';
    throw new BenchUsageError(
      `unknown argument ${JSON.stringify(arg)}${hint}; the bench takes --quick and --only=${suiteNames.join(',')}`,
    );
  }
  return {
    plan: args.includes('--quick') ? QUICK : FULL,
    ...(only && { only }),
  };
}
