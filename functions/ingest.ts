import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config.js';
import { createDataApi, meterUsage } from '../lib/data-api.js';
import { emptyCounts } from '../lib/ingest-plan.js';
import { type RunSummary, runIngest } from '../lib/ingest-run.js';
import { loadKafka } from '../lib/kafka.js';
import {
  coldStartFlag,
  createLogger,
  invocationFields,
  withLogContext,
} from '../lib/logging.js';
import {
  ingestFailureMetrics,
  ingestRunMetrics,
} from '../lib/metrics-ingest.js';

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
  const fields = invocationFields(context, isColdStart());
  return withLogContext(fields, async () => {
    logger.info('Ingest run starting', {
      trigger: event['detail-type'] ?? 'direct',
    });
    const usage = meterUsage(db);
    const scope = {
      function: 'ingest',
      siteId: config.siteId,
      requestId: context.awsRequestId,
    } as const;
    // What the chunks written so far add up to, for a run that fails.
    let written = emptyCounts();
    try {
      const summary = await runIngest(
        { config, kafka: await getKafka(), db, logger, random: Math.random },
        {
          runId: context.awsRequestId,
          remainingMs: context.getRemainingTimeInMillis(),
          onProgress: (progress) => {
            written = progress.counts;
          },
        },
      );
      const retries = usage().dataApiRetries;
      const metrics = ingestRunMetrics(summary, scope, retries, Date.now());
      for (const document of metrics) logger.emit(document);
      return summary;
    } catch (error: unknown) {
      const metrics = ingestFailureMetrics(written, usage(), scope, Date.now());
      for (const document of metrics) logger.emit(document);
      // runIngest logs and records its own failure; rethrow so Lambda marks
      // the invocation failed and the on-failure destination sees it.
      throw error;
    }
  });
}
