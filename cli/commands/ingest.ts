import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { CONFIG_SCHEMA } from '../../lib/config-schema.js';
import type { Counts } from '../../lib/ingest-plan.js';
import { remainingLag } from '../../lib/ingest-progress.js';
import { type RunSummary, runIngest } from '../../lib/ingest-run.js';
import { explainKafkaError } from '../../lib/kafka-errors.js';
import {
  type PartitionState,
  readPartitionStates,
} from '../../lib/kafka-offsets.js';
import type { CliContext } from '../context.js';
import { createProgress, renderPairs, renderTable } from '../output.js';
import {
  type Command,
  type CommandArgs,
  EXIT,
  integerOption,
} from '../spec.js';

async function startStates(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionState[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return [...(await readPartitionStates(admin, groupId, topics)).values()];
  } catch (error: unknown) {
    throw explainKafkaError(error, 'offsets');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const outcomes = (c: Counts) =>
  `inserted ${c.inserted} · duplicate ${c.duplicate} · ` +
  `skipped ${c.skipped_own_site} · quarantined ${c.quarantined}`;

/** Records per second, one decimal. */
const rate = (records: number, ms: number) =>
  ms > 0 ? Math.round((records / ms) * 10_000) / 10 : 0;

function render(s: RunSummary, durationMs: number): string {
  const c = s.counts;
  const reasons = Object.entries(c.reasons).map(([r, n]) => `${r} ${n}`);
  const pairs = renderPairs([
    ['run', s.runId],
    ['end reason', s.endReason],
    ['duration', `${(durationMs / 1000).toFixed(1)} s`],
    ['records/s', rate(c.consumed, durationMs)],
    ['consumed', c.consumed],
    ['inserted', c.inserted],
    ['duplicate', c.duplicate],
    ['skipped own site', c.skipped_own_site],
    ['quarantined', c.quarantined],
    ['by reason', reasons.join(', ') || '-'],
  ]);
  const rows = [...s.partitions]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map((p) => [p.topic, p.partition, BigInt(p.position), BigInt(p.lag)]);
  const table = renderTable(['topic', 'partition', 'position', 'lag'], rows);
  return `${pairs}\n\n${table}`;
}

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const loaded = context.config();
  const { min, max } = CONFIG_SCHEMA.INGEST_BUDGET_MS;
  const budgetMs = integerOption(
    args,
    'budget-ms',
    loaded.ingest.budgetMs,
    min,
    max,
  );
  const config = { ...loaded, ingest: { ...loaded.ingest, budgetMs } };
  const kafka = await context.kafka();
  const { groupId, ingestTopics } = config.kafka;
  const start = await startStates(kafka, groupId, ingestTopics);
  const total = Number(remainingLag(start, {}));
  const progress = createProgress(context.stderr, 'ingest', {
    quiet: context.isQuiet,
  });
  const startedAt = Date.now();
  const summary = await runIngest(
    {
      config,
      kafka,
      db: context.db(),
      logger: context.logger(),
      random: Math.random,
    },
    {
      runId: `cli-${randomUUID()}`,
      remainingMs: budgetMs + config.ingest.shutdownMarginMs,
      onProgress: ({ counts, positions }) => {
        const lag = Number(remainingLag(start, positions));
        const perSecond = rate(counts.consumed, Date.now() - startedAt);
        progress.update(
          total - lag,
          total,
          `${perSecond} rec/s · ${outcomes(counts)} · lag ${lag}`,
        );
      },
    },
  );
  progress.finish();
  const durationMs = Date.now() - startedAt;
  const recordsPerSecond = rate(summary.counts.consumed, durationMs);
  context.print(render(summary, durationMs), {
    ...summary,
    durationMs,
    recordsPerSecond,
  });
  return summary.counts.quarantined > 0 ? EXIT.attention : EXIT.ok;
}

/** `ingest`: one ingest run in this process, with live progress. */
export const ingestCommand: Command = {
  name: ['ingest'],
  summary: 'Run ingest once here, with live progress and a summary',
  description:
    'The same run as the scheduled ingest function: consume the ingest ' +
    'topics as the consumer group up to the ends they have now (or the ' +
    'budget), write every outcome, record the run in the run history. ' +
    'Progress (records/s, outcomes so far, remaining lag) goes to stderr.',
  options: [
    {
      name: 'budget-ms',
      type: 'string',
      value: 'N',
      description: 'Stop after this long (default INGEST_BUDGET_MS)',
    },
  ],
  attention: 'this run quarantined records (see quarantine list)',
  examples: [
    'instalite-bridge ingest --local',
    'instalite-bridge ingest --json',
  ],
  run,
};
