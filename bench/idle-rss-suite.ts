/**
 * Two ingest limits of issue 7: an idle run (empty topic) from invoke to
 * return, and peak RSS while ingesting the big topic (full run only).
 */
import { runWorker } from './child.js';
import { BENCH_USERS, type BenchContext, workerEnv } from './context.js';
import { measureIngest, type WorkerResult } from './ingest-runs.js';
import { filledTopic } from './ingest-suite.js';
import { check, type Row } from './report.js';
import { figure, single } from './stats.js';
import { createTopic } from './topics.js';

/** Repeated invokes (one warm handler) on an empty 3-partition topic. */
export async function benchIdle(ctx: BenchContext): Promise<Row[]> {
  const topic = await createTopic(ctx.kafka, `bench-idle-${ctx.tag}`, 3);
  const database = await ctx.emulator.freshDatabase(BENCH_USERS);
  try {
    const groupId = `bench-idle-${ctx.tag}`;
    const result = await runWorker<WorkerResult>(
      'ingest-handler',
      { runId: groupId, invokes: ctx.plan.idleRuns },
      workerEnv(ctx, { topic, groupId, database }),
    );
    const seconds = figure(result.runs.map((r) => r.ms / 1000));
    ctx.progress(
      `idle runs: ${result.runs.map((r) => `${r.ms.toFixed(0)} ms`).join(', ')}`,
    );
    const calls = figure(result.runs.map((r) => r.dataApiCalls));
    return [
      {
        section: 'idle',
        name: 'empty topic, invoke→return',
        unit: 's',
        figure: seconds,
        target: check(seconds, '<=', 10, '≤ 10 s'),
      },
      {
        section: 'idle',
        name: 'Data API calls per idle run',
        unit: 'calls',
        figure: calls,
      },
    ];
  } finally {
    await ctx.emulator.dropDatabase(database);
  }
}

/** Peak RSS of the handler ingesting the big topic in one run. */
export async function benchRss(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.plan.rssRecords;
  if (count === 0) {
    ctx.progress('peak RSS at 100k records: full run only, skipped');
    return [];
  }
  const topic = await filledTopic(ctx, 'rss', count);
  const m = await measureIngest(ctx, 'handler', topic, 0);
  ctx.progress(
    `rss: ${m.records} rec in ${m.seconds.toFixed(1)} s, peak ${m.peakRssMb.toFixed(0)} MB (${m.detail})`,
  );
  const rss = single(m.peakRssMb);
  return [
    {
      section: `rss ${count / 1000}k`,
      name: '(b) handler peak RSS',
      unit: 'MB',
      figure: rss,
      target: check(rss, '<=', 256, '≤ 256 MB'),
    },
    {
      section: `rss ${count / 1000}k`,
      name: '(b) handler rate',
      unit: 'rec/s',
      figure: single(m.recordsPerSecond),
    },
  ];
}
