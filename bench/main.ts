/**
 * `npm run bench [-- --quick] [--only=ingest,idle,rss,publish,load,levers]`: the
 * benchmarks of issue 7 on the local stack. Prints progress and a table, and
 * writes bench/results/latest.json (latest-<suites>.json for --only). Exits
 * 1 when a full run misses a target, 2 on a command line it does not take.
 */
import { localKafka } from '../local/admin.js';
import { quietSdkNodeNotice } from '../local/local-env.js';
import { stackUp } from '../local/stack.js';
import type { BenchContext } from './context.js';
import { startBenchEmulator } from './emulator.js';
import { BenchUsageError, parseBenchArgs } from './plan.js';
import { formatTable, type Row } from './report.js';
import { writeResults } from './results.js';
import { SUITES } from './suites.js';
import { BENCH_PREFIX, deleteBenchLeftovers } from './topics.js';

const USAGE = `usage: npm run bench [-- --quick] [--only=${SUITES.map((s) => s.name).join(',')}]`;

async function main(): Promise<number> {
  // The SDK clients of this process (database set-up) run on Node 20 too.
  quietSdkNodeNotice();
  const { plan, only } = parseBenchArgs(
    process.argv.slice(2),
    SUITES.map((s) => s.name),
  );
  const t0 = performance.now();
  const progress = (line: string) =>
    console.log(
      `[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`,
    );
  progress(`bench (${plan.mode}): starting the local stack if needed`);
  await stackUp(() => undefined);
  const kafka = localKafka();
  const leftovers = await deleteBenchLeftovers(kafka, BENCH_PREFIX);
  if ('topics' in leftovers && leftovers.topics + leftovers.groups > 0)
    progress(
      `deleted ${leftovers.topics} topic(s) and ${leftovers.groups} group(s) left by earlier runs`,
    );
  const emulator = await startBenchEmulator();
  progress(`own Data API emulator (${emulator.engine}) at ${emulator.url}`);
  const ctx: BenchContext = {
    plan,
    emulator,
    kafka,
    tag: String(Math.floor(100_000 + Math.random() * 900_000)),
    progress,
  };
  const rows: Row[] = [];
  try {
    for (const suite of SUITES) {
      if (only ? !only.includes(suite.name) : suite.optIn) continue;
      progress(`— ${suite.name}`);
      rows.push(...(await suite.run(ctx)));
    }
  } finally {
    // Best effort: a cleanup failure must not hide why the run failed.
    const cleanup = await deleteBenchLeftovers(kafka, ctx.tag);
    if ('failed' in cleanup)
      progress(`could not delete this run's topics: ${cleanup.failed}`);
    await emulator.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n${formatTable(rows)}\n`);
  const file = writeResults(plan, only, emulator.engine, rows, seconds);
  progress(`wrote ${file}`);
  const missed = rows.filter((r) => r.target && !r.target.pass).length;
  if (missed === 0) return 0;
  if (plan.mode === 'quick') {
    // 5,000 records are dominated by the group join: ratios are pessimistic.
    progress(
      `${missed} target(s) not met at quick sizes; the targets are judged on the full run`,
    );
    return 0;
  }
  progress(`${missed} target(s) missed (FAIL above)`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BenchUsageError) {
      console.error(`bench: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
