/**
 * Tuning levers of issue 7, side by side (`npm run bench -- --only=levers`):
 * the handler (b) with one setting changed at a time, against the defaults,
 * runs interleaved, at every injected latency. Not in the default run: it
 * adds about six minutes to the full sizes.
 */
import type { BenchContext } from './context.js';
import { type Measurement, measureIngest } from './ingest-runs.js';
import { filledTopic } from './ingest-suite.js';
import type { Row } from './report.js';
import { figure } from './stats.js';

const MIB = 1024 * 1024;

/** Each lever: what it changes, as the INGEST_* settings of one run. */
const LEVERS: readonly {
  readonly name: string;
  readonly settings: Readonly<Record<string, string>>;
}[] = [
  { name: 'defaults (1,000 rows, 2 MiB, 3 partitions at once)', settings: {} },
  {
    name: 'one partition written at a time',
    settings: { INGEST_PARTITIONS_CONCURRENTLY: '1' },
  },
  {
    name: 'fetch and batch 1 MiB per partition',
    settings: { INGEST_MAX_BATCH_BYTES: String(MIB) },
  },
  {
    name: 'fetch and batch 3 MiB per partition',
    settings: { INGEST_MAX_BATCH_BYTES: String(3 * MIB) },
  },
  { name: 'batches of 250 rows', settings: { INGEST_MAX_BATCH_ROWS: '250' } },
  {
    name: 'batches of 3,000 rows',
    settings: { INGEST_MAX_BATCH_ROWS: '3000' },
  },
];

/** The handler's rate and calls per lever and latency. */
export async function benchLevers(ctx: BenchContext): Promise<Row[]> {
  const { plan } = ctx;
  const topic = await filledTopic(ctx, 'levers', plan.ingestRecords);
  const rows: Row[] = [];
  for (const latency of plan.latenciesMs) {
    const got = LEVERS.map((): Measurement[] => []);
    for (let rep = 1; rep <= plan.ingestRuns; rep += 1) {
      for (const [i, lever] of LEVERS.entries()) {
        const m = await measureIngest(
          ctx,
          'handler',
          topic,
          latency,
          lever.settings,
        );
        got[i]?.push(m);
        ctx.progress(
          `levers @${latency}ms ${lever.name} run ${rep}: ${m.recordsPerSecond.toFixed(0)} rec/s, ${m.callsPer1000.toFixed(2)} calls/1k, ${m.peakRssMb.toFixed(0)} MB`,
        );
      }
    }
    const base = got[0] ?? [];
    for (const [i, lever] of LEVERS.entries()) {
      const runs = got[i] ?? [];
      const section = `levers @${latency}ms: ${lever.name}`;
      rows.push(
        {
          section,
          name: 'handler rate',
          unit: 'rec/s',
          figure: figure(runs.map((m) => m.recordsPerSecond)),
        },
        {
          section,
          name: 'vs defaults',
          unit: '×',
          figure: figure(
            runs.map(
              (m, r) =>
                m.recordsPerSecond / (base[r]?.recordsPerSecond ?? Number.NaN),
            ),
          ),
        },
        {
          section,
          name: 'Data API calls',
          unit: 'per 1k rec',
          figure: figure(runs.map((m) => m.callsPer1000)),
        },
        {
          section,
          name: 'peak RSS',
          unit: 'MB',
          figure: figure(runs.map((m) => m.peakRssMb)),
        },
      );
    }
  }
  return rows;
}
