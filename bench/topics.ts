/** Benchmark topics on the local broker: create, fill, delete. */
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '../local/admin.js';
import type { BenchRecord } from './records.js';

// Keeps each partition's record batch under the broker's 1 MB default.
const SEND_BATCH = 500;

/** Create a topic with `partitions` partitions; returns its name. */
export async function createTopic(
  kafka: Kafka,
  name: string,
  partitions: number,
): Promise<string> {
  await ensureTopics(kafka, [name], partitions);
  return name;
}

/** Produce records in order (acks=all), in batches. */
export async function produceRecords(
  kafka: Kafka,
  topic: string,
  records: readonly BenchRecord[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += SEND_BATCH) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.slice(i, i + SEND_BATCH).map((r) => ({ ...r })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Delete topics made by the benchmark; failures are ignored. */
export async function deleteTopics(
  kafka: Kafka,
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
  await admin.disconnect();
}
