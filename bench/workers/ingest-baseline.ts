/**
 * (a) The naive baseline as the seed describes it: per message, select a
 * random user (ORDER BY random() LIMIT 1), then insert the post: one Data
 * API call each, auto-commit, through the real SDK client; offsets
 * auto-committed by kafkajs. It decodes with our decoder, so the only
 * difference from (b) is how it talks to the database. Stops at
 * `maxRecords` or `maxMs` after its first record: it is too slow to drain.
 */
import { loadConfig } from '../../lib/config.js';
import { createDataApi } from '../../lib/data-api.js';
import { planBatch } from '../../lib/ingest-plan.js';
import { createKafka } from '../../lib/kafka.js';
import { toRawRecord } from '../../lib/kafka-records.js';
import { createLogger } from '../../lib/logging.js';
import { finish, peakRssBytes, readJob, runWorker } from './worker-io.js';

interface Job {
  readonly maxRecords: number;
  readonly maxMs: number;
}

const PICK_USER = {
  name: 'baselinePickUser',
  sql: 'SELECT user_id FROM users ORDER BY random() LIMIT 1',
};
const INSERT_POST = {
  name: 'baselineInsertPost',
  sql: `INSERT INTO posts (user_id, caption, image_url, content_type,
          created_at, source_site, original_post_id, foreign_author)
        VALUES (:user_id, :text, :image_url, :content_type,
          COALESCE(:created_at::timestamptz, now()), :source_site,
          :original_post_id, :author_name)
        ON CONFLICT (source_site, original_post_id) DO NOTHING`,
};

runWorker(async () => {
  const job = readJob<Job>();
  const config = loadConfig();
  const logger = createLogger({ function: 'baseline' }, config.logLevel);
  const db = createDataApi(config.database, logger);
  const consumer = createKafka(config.kafka, logger).consumer({
    groupId: config.kafka.groupId,
  });
  const rssAfterLoad = peakRssBytes();
  const started = performance.now();
  let first: number | undefined;
  let last = 0;
  let processed = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  await consumer.connect();
  await consumer.subscribe({
    topics: [...config.kafka.ingestTopics],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (processed >= job.maxRecords) return;
      first ??= performance.now();
      const [picked] = await db.query(PICK_USER);
      const userId = Number(picked?.[0]);
      const record = toRawRecord(topic, partition, message);
      const plan = planBatch([record], config.decode, () => userId);
      for (const row of plan.postRows) await db.query(INSERT_POST, { ...row });
      processed += 1;
      last = performance.now();
      if (processed >= job.maxRecords || last - first >= job.maxMs) stop();
    },
  });
  await stopped;
  await consumer.disconnect();
  const steadyMs = last - (first ?? last);
  finish({
    runs: [
      {
        ms: performance.now() - started,
        steadyMs,
        processed,
        dataApiCalls: db.callCount(),
      },
    ],
    rssAfterLoad,
  });
});
