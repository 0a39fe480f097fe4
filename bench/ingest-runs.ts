/**
 * One measured run of an ingest variant, each in its own worker process on
 * a fresh database of our emulator at a given injected latency.
 */
import { runWorker } from './child.js';
import { BENCH_USERS, type BenchContext, workerEnv } from './context.js';

/** The ingest variants of issue 7. */
export type Variant = 'baseline' | 'handler' | 'ceiling';

/** One handler or consumer run, as a worker reports it. */
export interface WorkerRun {
  readonly ms: number;
  readonly endReason?: string;
  readonly dataApiCalls: number;
  readonly steadyMs?: number;
  readonly processed?: number;
  readonly counts?: {
    readonly consumed: number;
    readonly inserted: number;
    readonly duplicate: number;
    readonly quarantined: number;
  };
}

/** What an ingest worker prints. */
export interface WorkerResult {
  readonly runs: readonly WorkerRun[];
  readonly peakRssBytes: number;
  readonly rssAfterLoad: number;
}

/** The figures of one run. */
export interface Measurement {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly callsPer1000: number;
  readonly peakRssMb: number;
  readonly detail: string;
}

const WORKERS: Record<Variant, string> = {
  baseline: 'ingest-baseline',
  handler: 'ingest-handler',
  ceiling: 'ingest-ceiling',
};

/**
 * Run one variant once over `topic`; counts Data API calls at the emulator.
 * `settings` (INGEST_* variables) override the environment for this run.
 */
export async function measureIngest(
  ctx: BenchContext,
  variant: Variant,
  topic: string,
  latencyMs: number,
  settings: Readonly<Record<string, string>> = {},
): Promise<Measurement> {
  const { emulator, plan } = ctx;
  const database = await emulator.freshDatabase(BENCH_USERS);
  const groupId = `bench-${variant}-${ctx.tag}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await emulator.setLatency(latencyMs);
    const before = await emulator.requestCount();
    const result = await runWorker<WorkerResult>(
      WORKERS[variant],
      {
        runId: groupId,
        maxRecords: plan.baselineMaxRecords,
        maxMs: plan.baselineMaxMs,
      },
      { ...workerEnv(ctx, { topic, groupId, database }), ...settings },
    );
    const calls = (await emulator.requestCount()) - before;
    return toMeasurement(variant, result, calls);
  } finally {
    await emulator.setLatency(0);
    await emulator.dropDatabase(database);
  }
}

function toMeasurement(
  variant: Variant,
  result: WorkerResult,
  calls: number,
): Measurement {
  const run = result.runs[0];
  if (!run) throw new Error(`${variant}: the worker reported no run`);
  // The baseline is rated over its steady state (first record to last),
  // which favours it; (b) and (c) from invoke to return, join included.
  const records =
    variant === 'baseline' ? (run.processed ?? 0) : (run.counts?.consumed ?? 0);
  const ms = variant === 'baseline' ? (run.steadyMs ?? run.ms) : run.ms;
  const c = run.counts;
  const detail = c
    ? `${c.inserted} inserted, ${c.duplicate} dup, ${c.quarantined} quarantined, ${run.endReason}`
    : `${records} processed in a ${(ms / 1000).toFixed(1)} s window`;
  return {
    records,
    seconds: ms / 1000,
    recordsPerSecond: records / (ms / 1000),
    callsPer1000: records > 0 ? (calls / records) * 1000 : Number.NaN,
    peakRssMb: result.peakRssBytes / 2 ** 20,
    detail,
  };
}
