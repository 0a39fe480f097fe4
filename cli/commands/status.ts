import { describeGroupLag } from '../../lib/kafka-lag.js';
import { countQuarantineByReason } from '../../lib/quarantine.js';
import { listRecentRuns } from '../../lib/run-history.js';
import type { CliContext } from '../context.js';
import { explainFailure } from '../failure.js';
import {
  type Command,
  type CommandArgs,
  EXIT,
  integerOption,
} from '../spec.js';
import {
  attentionOf,
  type Problem,
  renderStatus,
  type Status,
} from './status-view.js';

async function attempt<T>(
  part: Problem['part'],
  work: () => Promise<T>,
  problems: Problem[],
  isLocal: boolean,
): Promise<T | null> {
  try {
    return await work();
  } catch (error: unknown) {
    const { message, hint } = explainFailure(error, isLocal);
    problems.push({ part, message, hint });
    return null;
  }
}

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const limit = integerOption(args, 'runs', 5, 1, 50);
  const config = context.config();
  const { groupId, ingestTopics, publishTopic } = config.kafka;
  const problems: Problem[] = [];
  const db = context.db();
  const [lag, runs, byReason] = await Promise.all([
    attempt(
      'kafka',
      async () =>
        describeGroupLag(await context.kafka(), groupId, ingestTopics),
      problems,
      context.isLocal,
    ),
    attempt(
      'database',
      () => listRecentRuns(db, limit),
      problems,
      context.isLocal,
    ),
    attempt(
      'database',
      () => countQuarantineByReason(db),
      problems,
      context.isLocal,
    ),
  ]);
  const total = byReason?.reduce((sum, q) => sum + q.count, 0) ?? 0;
  const partial = {
    siteId: config.siteId,
    groupId,
    publishTopic,
    lag,
    runs,
    quarantine: byReason ? { total, byReason } : null,
    problems,
  };
  const status: Status = {
    ...partial,
    attention: attentionOf(partial, context.commandLine),
  };
  context.print(renderStatus(status), status);
  if (problems.length > 0) return EXIT.failure;
  return status.attention.length > 0 ? EXIT.attention : EXIT.ok;
}

/** `status`: lag, recent runs and quarantine at a glance. */
export const statusCommand: Command = {
  name: ['status'],
  summary: 'Topics, consumer group lag, recent runs and quarantine counts',
  description:
    "Reads the ingest topics and the group's committed offsets from the " +
    'brokers, and the run history and quarantine from the database. A part ' +
    'that cannot be read is reported (exit code 1) and the rest is shown.',
  options: [
    {
      name: 'runs',
      type: 'string',
      value: 'N',
      description: 'Recent runs to show (1–50, default 5)',
    },
  ],
  attention:
    'quarantined records exist, the last run failed, or an ingest topic is missing',
  examples: [
    'instalite-bridge status --local',
    'instalite-bridge status --json',
  ],
  run,
};
