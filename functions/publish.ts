import type { Context } from 'aws-lambda';
import { loadConfig } from '../lib/config.js';
import { createKafka, createPostProducer } from '../lib/kafka.js';
import { createLogger } from '../lib/logging.js';
import {
  type PublishResult,
  publishPosts,
  toPostList,
} from '../lib/publish.js';

// Cold start: config once, one producer per warm Lambda (connected lazily).
const config = loadConfig();
const logger = createLogger(
  { function: 'publish', siteId: config.siteId },
  config.logLevel,
);
const producer = createPostProducer(createKafka(config.kafka, logger), logger);

/**
 * Direct invoke from the app backend: one post, an array, or `{posts}`.
 * Returns a result per post; invalid posts never block valid ones.
 */
export async function handler(
  event: unknown,
  context: Pick<Context, 'awsRequestId'>,
): Promise<PublishResult> {
  const log = logger.child({ requestId: context.awsRequestId });
  try {
    const result = await publishPosts(toPostList(event), {
      producer,
      siteId: config.siteId,
      topic: config.kafka.publishTopic,
    });
    const { topic, sent, invalid, failed } = result;
    log.info('Publish finished', { topic, sent, invalid, failed });
    return result;
  } catch (error: unknown) {
    log.error('Publish failed', { error });
    throw error;
  }
}
