import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadConfig, readTraceHeader } from '../lib/config.js';
import { createDataApi } from '../lib/data-api.js';
import { runMeteredIngest } from '../lib/ingest-metered.js';
import { lambdaRunId, type RunSummary } from '../lib/ingest-run.js';
import { loadKafka } from '../lib/kafka.js';
import {
  coldStartFlag,
  createLogger,
  invocationFields,
  withLogContext,
} from '../lib/logging.js';

// Cold start: config is validated once; clients are reused while warm.
const config = loadConfig();
const logger = createLogger(
  { function: 'ingest', siteId: config.siteId },
  config.logLevel,
);
// Kafka credentials are read from Secrets Manager on first use, then kept.
const getKafka = loadKafka(config.kafka, logger);
const db = createDataApi(config.database, logger);
const isColdStart = coldStartFlag();

type Invocation = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion'>>;

/** Scheduled (EventBridge) ingest run; returns the run's summary. */
export function handler(
  event: Partial<ScheduledEvent>,
  context: Invocation,
): Promise<RunSummary> {
  const fields = invocationFields(context, isColdStart(), readTraceHeader());
  return withLogContext(fields, () => {
    logger.info('Ingest run starting', {
      trigger: event['detail-type'] ?? 'direct',
    });
    // runIngest logs and records its own failure; the error goes on so
    // Lambda marks the invocation failed and the failure destination sees it.
    return runMeteredIngest(
      { config, getKafka, db, logger, random: Math.random },
      {
        runId: lambdaRunId(context.awsRequestId, Date.now()),
        remainingMs: context.getRemainingTimeInMillis(),
      },
      {
        function: 'ingest',
        siteId: config.siteId,
        requestId: context.awsRequestId,
      },
    );
  });
}
