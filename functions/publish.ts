import type {
  APIGatewayProxyEventV2,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  ScheduledEvent,
} from 'aws-lambda';
import { loadConfig } from '../lib/config.js';
import { createDataApi } from '../lib/data-api.js';
import { loadKafka } from '../lib/kafka.js';
import { createLazyPostProducer } from '../lib/kafka-producer.js';
import { createLogger } from '../lib/logging.js';
import { publishPosts } from '../lib/publish.js';
import { publishInsertedRows } from '../lib/publish-database.js';
import type { PublishDeps } from '../lib/publish-deliver.js';
import { classifyEvent } from '../lib/publish-event.js';
import {
  type HttpResponse,
  internalErrorResponse,
  publishHttp,
} from '../lib/publish-http.js';
import type { PublishResult } from '../lib/publish-result.js';
import { publishStream } from '../lib/publish-stream.js';
import { runSweep, type SweepResult } from '../lib/publish-sweep.js';

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

type Invocation = Pick<Context, 'awsRequestId'>;
type Answer =
  | PublishResult
  | SweepResult
  | HttpResponse
  | DynamoDBBatchResponse;

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
): Promise<Answer> {
  const trigger = classifyEvent(event);
  const log = logger.child({
    requestId: context.awsRequestId,
    trigger: trigger.kind,
  });
  const run = { ...deps, logger: log };
  try {
    switch (trigger.kind) {
      case 'http':
        return await publishHttp(trigger.request, run);
      case 'stream':
        return await publishStream(trigger.records, run);
      case 'database':
        return logged(log, await publishInsertedRows(trigger.refs, run));
      case 'sweep':
        return logged(log, await runSweep(run));
      case 'unsupported':
        throw new TypeError(`publish does not accept ${trigger.reason}`);
      default:
        return logged(log, await publishPosts(trigger.posts, run));
    }
  } catch (error: unknown) {
    log.error('Publish failed', { error });
    if (trigger.kind === 'http')
      return internalErrorResponse(context.awsRequestId);
    throw error;
  }
}

function logged<T extends PublishResult>(log: typeof logger, result: T): T {
  const { topic, sent, invalid, skipped, failed } = result;
  log.info('Publish finished', { topic, sent, invalid, skipped, failed });
  return result;
}
