import type {
  APIGatewayProxyEventV2,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  ScheduledEvent,
} from 'aws-lambda';
import { loadConfig, readTraceHeader } from '../lib/config.js';
import { createDataApi, meterUsage } from '../lib/data-api.js';
import { loadKafka } from '../lib/kafka.js';
import { createLazyPostProducer } from '../lib/kafka-producer.js';
import {
  coldStartFlag,
  createLogger,
  invocationFields,
  withLogContext,
} from '../lib/logging.js';
import { publishMetrics } from '../lib/metrics.js';
import type { PublishDeps } from '../lib/publish-deliver.js';
import { classifyEvent } from '../lib/publish-event.js';
import {
  type HttpResponse,
  internalErrorResponse,
} from '../lib/publish-http.js';
import type { PublishResult } from '../lib/publish-result.js';
import { type PublishAnswer, publishTrigger } from '../lib/publish-route.js';
import type { SweepResult } from '../lib/publish-sweep.js';

// Cold start: config once; one producer per warm Lambda (connected lazily,
// never disconnected between invocations) and one Data API client.
const config = loadConfig();
const logger = createLogger(
  { function: 'publish', siteId: config.siteId },
  config.logLevel,
);
const deps: PublishDeps = {
  // Kafka credentials are read from Secrets Manager on the first send.
  producer: createLazyPostProducer(loadKafka(config.kafka, logger), logger, {
    sendTimeoutMs: config.publish.timeoutMs,
  }),
  db: createDataApi(config.database, logger),
  siteId: config.siteId,
  topic: config.kafka.publishTopic,
  settings: config.publish,
  logger,
};
const isColdStart = coldStartFlag();

type Invocation = Pick<Context, 'awsRequestId'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion'>>;

/** HTTP API (payload 2.0): 202, 400, 413, 503 or 500; see README. */
export function handler(
  e: APIGatewayProxyEventV2,
  c: Invocation,
): Promise<HttpResponse>;
/** Posts table stream: partial batch response by sequence number. */
export function handler(
  e: DynamoDBStreamEvent,
  c: Invocation,
): Promise<DynamoDBBatchResponse>;
/** Scheduled catch-up sweep of local posts never published. */
export function handler(e: ScheduledEvent, c: Invocation): Promise<SweepResult>;
/** Direct invoke (one post, an array, `{posts}`) or the database trigger. */
export function handler(e: unknown, c: Invocation): Promise<PublishResult>;
/** Publish the site's own posts; the trigger is recognised by shape. */
export async function handler(
  event: unknown,
  context: Invocation,
): Promise<PublishAnswer> {
  const trigger = classifyEvent(event);
  const fields = invocationFields(context, isColdStart(), readTraceHeader());
  return withLogContext({ ...fields, trigger: trigger.kind }, async () => {
    const usage = meterUsage(deps.db);
    const scope = {
      function: 'publish',
      siteId: config.siteId,
      requestId: context.awsRequestId,
      trigger: trigger.kind,
    } as const;
    try {
      const { answer, counts } = await publishTrigger(trigger, deps);
      logger.emit(publishMetrics(counts, usage(), scope, Date.now()));
      return answer;
    } catch (error: unknown) {
      logger.error('Publish failed', { error });
      logger.emit(publishMetrics(null, usage(), scope, Date.now()));
      if (trigger.kind === 'http') {
        return internalErrorResponse(context.awsRequestId);
      }
      throw error;
    }
  });
}
