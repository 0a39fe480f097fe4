/**
 * The publish baseline: for every post, a new producer that connects,
 * sends the one record (same format, acks=all) and disconnects.
 */
import { loadConfig } from '../../lib/config.js';
import { createKafka } from '../../lib/kafka.js';
import { createLogger } from '../../lib/logging.js';
import { parsePost, toKafkaMessage } from '../../lib/post.js';
import { makePosts } from '../posts.js';
import { finish, readJob, runWorker } from './worker-io.js';

interface Job {
  readonly firstId: number;
  readonly posts: number;
}

runWorker(async () => {
  const job = readJob<Job>();
  const config = loadConfig();
  const logger = createLogger({ function: 'publish-baseline' }, 'warn');
  const kafka = createKafka(config.kafka, logger);
  const posts = makePosts(job.posts, job.firstId);
  const started = performance.now();
  for (const post of posts) {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic: config.kafka.publishTopic,
      acks: -1,
      messages: [toKafkaMessage(parsePost(post), config.siteId)],
    });
    await producer.disconnect();
  }
  finish({ ms: performance.now() - started, posts: posts.length });
});
