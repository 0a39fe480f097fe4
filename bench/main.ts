/**
 * `npm run bench [-- --quick] [--only=ingest,idle,rss,publish,load,levers]`: the
 * benchmarks of issue 7 on the local stack. Prints progress and a table, and
 * writes bench/results/latest.json.
 */
import { localKafka } from '../local/admin.js';
import { LOCAL_ENV } from '../local/local-env.js';
import { stackUp } from '../local/stack.js';
import type { BenchContext } from './context.js';
import { startBenchEmulator } from './emulator.js';
import { planFor } from './plan.js';
import { formatTable, type Row } from './report.js';
import { writeResults } from './results.js';
import { SUITES } from './suites.js';
import { deleteTopics } from './topics.js';

async function main(): Promise<void> {
  // The SDK clients of this process (database set-up) run on Node 20 too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??=
    LOCAL_ENV.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const args = process.argv.slice(2);
  const plan = planFor(args);
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const t0 = performance.now();
  const progress = (line: string) =>
    console.log(
      `[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`,
    );
  progress(`bench (${plan.mode}): starting the local broker if needed`);
  await stackUp(() => undefined);
  const emulator = await startBenchEmulator();
  progress(`own Data API emulator (${emulator.engine}) at ${emulator.url}`);
  const ctx: BenchContext = {
    plan,
    emulator,
    kafka: localKafka(),
    tag: String(Math.floor(100_000 + Math.random() * 900_000)),
    topics: [],
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
    await deleteTopics(ctx.kafka, ctx.topics);
    await emulator.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n${formatTable(rows)}\n`);
  const file = writeResults(plan, emulator.engine, rows, seconds);
  progress(`wrote ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
