/**
 * Publish (issue 7): our handler (batched invokes, one warm producer) vs a
 * connect-send-disconnect producer per post, and warm one-post latency.
 */
import { runWorker } from './child.js';
import { type BenchContext, workerEnv } from './context.js';
import { check, type Row } from './report.js';
import { figure, quantile } from './stats.js';
import { createTopic } from './topics.js';

interface HandlerResult {
  readonly firstInvokeMs: number;
  readonly batchedMs: number;
  readonly latenciesMs: readonly number[];
}

interface BaselineResult {
  readonly ms: number;
  readonly posts: number;
}

/** Both publishers, `publishRuns` times each, on a 3-partition topic. */
export async function benchPublish(ctx: BenchContext): Promise<Row[]> {
  const topic = await createTopic(ctx.kafka, `bench-publish-${ctx.tag}`, 3);
  // Publish checks each post against its row (a post with no row passes).
  const database = await ctx.emulator.freshDatabase(0);
  const env = workerEnv(ctx, { topic, groupId: 'unused', database });
  try {
    return await publishRows(ctx, env);
  } finally {
    await ctx.emulator.dropDatabase(database);
  }
}

async function publishRows(
  ctx: BenchContext,
  env: Record<string, string>,
): Promise<Row[]> {
  const { plan } = ctx;
  const ours: number[] = [];
  const base: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  for (let run = 1; run <= plan.publishRuns; run += 1) {
    const firstId = run * 1_000_000;
    const h = await runWorker<HandlerResult>(
      'publish-handler',
      {
        firstId,
        posts: plan.publishPosts,
        batch: plan.publishBatch,
        singles: plan.singlePostInvokes,
      },
      env,
    );
    ours.push(plan.publishPosts / (h.batchedMs / 1000));
    p50.push(quantile(h.latenciesMs, 0.5));
    p99.push(quantile(h.latenciesMs, 0.99));
    const b = await runWorker<BaselineResult>(
      'publish-baseline',
      { firstId: firstId + 500_000, posts: plan.publishBaselinePosts },
      env,
    );
    base.push(b.posts / (b.ms / 1000));
    ctx.progress(
      `publish run ${run}: handler ${ours.at(-1)?.toFixed(0)} posts/s (first invoke ${h.firstInvokeMs.toFixed(0)} ms), single p50 ${p50.at(-1)?.toFixed(1)} ms p99 ${p99.at(-1)?.toFixed(1)} ms; baseline ${base.at(-1)?.toFixed(0)} posts/s`,
    );
  }
  const ratio = figure(ours.map((o, i) => o / (base[i] ?? Number.NaN)));
  const section = 'publish';
  return [
    {
      section,
      name: `handler, ${plan.publishPosts} posts in invokes of ${plan.publishBatch}`,
      unit: 'posts/s',
      figure: figure(ours),
    },
    {
      section,
      name: `baseline, connect-send-disconnect (${plan.publishBaselinePosts} posts)`,
      unit: 'posts/s',
      figure: figure(base),
    },
    {
      section,
      name: 'handler/baseline',
      unit: '×',
      figure: ratio,
      target: check(ratio, '>=', 20, '≥ 20×'),
    },
    {
      section,
      name: `warm 1-post invoke p50 (${plan.singlePostInvokes} invokes)`,
      unit: 'ms',
      figure: figure(p50),
    },
    {
      section,
      name: 'warm 1-post invoke p99',
      unit: 'ms',
      figure: figure(p99),
    },
  ];
}
