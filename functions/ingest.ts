import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config.js';
import { createDataApi } from '../lib/data-api.js';
import { type RunSummary, runIngest } from '../lib/ingest-run.js';
import { loadKafka } from '../lib/kafka.js';
import { createLogger } from '../lib/logging.js';

// Cold start: config is validated once; clients are reused while warm.
const config = loadConfig();
const logger = createLogger(
  { function: 'ingest', siteId: config.siteId },
  config.logLevel,
);
// Kafka credentials are read from Secrets Manager on first use, then kept.
const getKafka = loadKafka(config.kafka, logger);
const db = createDataApi(config.database, logger);

/** Scheduled (EventBridge) ingest run; returns the run's summary. */
export async function handler(
  event: Partial<ScheduledEvent>,
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Promise<RunSummary> {
  const log = logger.child({ requestId: context.awsRequestId });
  log.info('Ingest run starting', {
    trigger: event['detail-type'] ?? 'direct',
  });
  // runIngest logs and records its own failure; rethrow so Lambda marks the
  // invocation failed and the on-failure destination sees it.
  return runIngest(
    { config, kafka: await getKafka(), db, logger: log, random: Math.random },
    {
      runId: context.awsRequestId,
      remainingMs: context.getRemainingTimeInMillis(),
    },
  );
}
