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

/** Prefix of every topic and consumer group the benchmark makes. */
export const BENCH_PREFIX = 'bench-';

/**
 * Delete the benchmark's topics and consumer groups whose names contain
 * `marker` (this run's tag, or the prefix alone for what interrupted runs
 * left behind: ~80 MB of topics per full run). Best effort: returns how many
 * were deleted, or the reason nothing could be.
 */
export async function deleteBenchLeftovers(
  kafka: Kafka,
  marker: string,
): Promise<{ topics: number; groups: number } | { failed: string }> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const ours = (name: string) =>
      name.startsWith(BENCH_PREFIX) && name.includes(marker);
    const topics = (await admin.listTopics()).filter(ours);
    if (topics.length > 0) await admin.deleteTopics({ topics });
    // Only groups without members can go; a live run's group stays.
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter(ours);
    const deleted = await admin
      .deleteGroups(groups)
      .then((results) => results.filter((r) => r.errorCode === 0).length)
      .catch(() => 0);
    return { topics: topics.length, groups: deleted };
  } catch (error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
