import type { Admin } from 'kafkajs';
import { KafkaConsumeError } from './errors.js';

/** Where one partition stands: next offset to read and the end to reach. */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  position: bigint;
  readonly highWatermark: bigint;
}

/** `topic:partition`, the map key for partition state. */
export const partitionKey = (topic: string, partition: number) =>
  `${topic}:${partition}`;

/** True when every listed partition has reached its starting end. */
export function isDrained(states: Iterable<PartitionState>): boolean {
  for (const s of states) if (s.position < s.highWatermark) return false;
  return true;
}

/**
 * Read each partition's end (high watermark, fixed at start so new traffic
 * cannot keep a run alive) and the group's committed position.
 * @throws KafkaConsumeError naming a missing topic.
 */
export async function readPartitionStates(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<Map<string, PartitionState>> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new KafkaConsumeError(
      `Topic(s) not found on the brokers: ${missing.join(', ')}. Create them ` +
        'or fix INGEST_TOPICS; with ACLs on, a topic this principal may not ' +
        'describe is also reported as not found.',
      false,
    );
  }
  const states = new Map<string, PartitionState>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      states.set(partitionKey(topic, p.partition), {
        topic,
        partition: p.partition,
        position: BigInt(p.low),
        highWatermark: BigInt(p.high),
      });
    }
  }
  await refreshPositions(admin, groupId, topics, states);
  return states;
}

/** Move positions up to the group's committed offsets. */
export async function refreshPositions(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
  states: Map<string, PartitionState>,
): Promise<void> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const { topic, partitions } of committed) {
    for (const { partition, offset } of partitions) {
      const state = states.get(partitionKey(topic, partition));
      const at = BigInt(offset);
      if (state && at > state.position) state.position = at;
    }
  }
}
