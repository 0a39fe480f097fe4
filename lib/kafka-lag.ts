import type { Admin, Kafka } from 'kafkajs';
import { explainKafkaError } from './kafka-errors.js';

/** One partition of a topic, as the consumer group sees it. */
export interface PartitionLag {
  readonly partition: number;
  /** First offset still on the broker (log start). */
  readonly low: string;
  /** Next offset to be written (high watermark). */
  readonly high: string;
  /** Next offset the group will read; null when it never committed here. */
  readonly committed: string | null;
  /** Records on the broker the group has not consumed yet. */
  readonly lag: string;
}

/** A topic's partitions, or `isMissing` when the brokers do not have it. */
export interface TopicLag {
  readonly topic: string;
  readonly isMissing: boolean;
  readonly partitions: readonly PartitionLag[];
}

/** The group's lag on each asked-for topic, and in total. */
export interface GroupLag {
  readonly groupId: string;
  readonly topics: readonly TopicLag[];
  readonly totalLag: string;
}

/**
 * Lag of one partition. Without a commit the group starts from the log
 * start (ingest subscribes with fromBeginning), and a commit below the log
 * start resumes there (retention deleted the rest). Pure.
 */
export function partitionLag(
  low: string,
  high: string,
  committed: string | null,
): string {
  const start = BigInt(low);
  const from =
    committed === null || BigInt(committed) < start ? start : BigInt(committed);
  const end = BigInt(high);
  return (end > from ? end - from : 0n).toString();
}

/**
 * Watermarks, committed offsets and lag of `groupId` on `topics`. A topic
 * the brokers do not know is reported as missing, not thrown: kafkajs
 * admin asks for a topic's metadata when fetching its offsets, which fails
 * with UNKNOWN_TOPIC_OR_PARTITION after its retries, so only topics listed
 * by the brokers are asked about. The admin client is always disconnected.
 * @throws KafkaConsumeError naming the cause (broker unreachable, ACLs…).
 */
export async function describeGroupLag(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<GroupLag> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    const committed = await committedOffsets(admin, groupId, present);
    const described: TopicLag[] = [];
    for (const topic of topics) {
      if (!existing.has(topic)) {
        described.push({ topic, isMissing: true, partitions: [] });
        continue;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      const partitions = offsets
        .map(({ partition, low, high }) => {
          const at = committed.get(`${topic}:${partition}`) ?? null;
          const lag = partitionLag(low, high, at);
          return { partition, low, high, committed: at, lag };
        })
        .sort((a, b) => a.partition - b.partition);
      described.push({ topic, isMissing: false, partitions });
    }
    const totalLag = described
      .flatMap((t) => t.partitions)
      .reduce((sum, p) => sum + BigInt(p.lag), 0n);
    return { groupId, topics: described, totalLag: totalLag.toString() };
  } catch (error: unknown) {
    throw explainKafkaError(error, 'lag read');
  } finally {
    await admin.disconnect();
  }
}

/** `topic:partition` → committed offset; kafkajs says -1 for none. */
async function committedOffsets(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<Map<string, string>> {
  const committed = new Map<string, string>();
  // An empty list would ask for every topic the group has offsets for.
  if (topics.length === 0) return committed;
  const answer = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const { topic, partitions } of answer) {
    for (const { partition, offset } of partitions) {
      if (BigInt(offset) >= 0n) committed.set(`${topic}:${partition}`, offset);
    }
  }
  return committed;
}
