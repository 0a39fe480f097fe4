import type { Consumer, Kafka } from 'kafkajs';
import type { RunDeadline } from './budget.js';
import { startRun } from './kafka-consume-run.js';
import { explainKafkaError } from './kafka-errors.js';
import {
  isDrained,
  type PartitionState,
  readPartitionStates,
} from './kafka-offsets.js';
import type { RawRecord } from './kafka-records.js';
import type { Logger } from './logging.js';

/** What to consume and what to do with each chunk of records. */
export interface ConsumeOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadline: RunDeadline;
  readonly logger: Logger;
  readonly chunkSize: number;
  /** Bytes fetched per partition: enough for one full write batch. */
  readonly fetchBytesPerPartition: number;
  /** Partitions handled at the same time (their writes overlap). */
  readonly partitionsConcurrently: number;
  /** Group session timeout; the member heartbeats every third of it. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /**
   * How often the group's commits are re-read once this member's partitions
   * are done but others' are not.
   */
  readonly othersPollMs: number;
  /** Must make every record's outcome durable before it returns. */
  readonly handleRecords: (
    records: RawRecord[],
    keepAlive: () => Promise<void>,
  ) => Promise<void>;
}

/** How a consume ended and where each partition stood. */
export interface ConsumeResult {
  readonly endReason: 'drained' | 'budget' | 'deadline';
  readonly partitions: readonly PartitionState[];
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * Consume the topics as the group until every assigned partition reaches the
 * end it had at start, or the deadline (joining the group counts against
 * it). Offsets are committed after each chunk is durable; the consumer is
 * stopped and disconnected, bounded, before this returns or throws, so none
 * survives into the next warm invocation.
 * @throws KafkaConsumeError naming the cause, or what `handleRecords` threw.
 */
export async function consumeUntilDone(
  o: ConsumeOptions,
): Promise<ConsumeResult> {
  const admin = o.kafka.admin();
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await admin.connect().catch((error: unknown) => {
      throw explainKafkaError(error, 'admin');
    });
    const states = await readPartitionStates(admin, o.groupId, o.topics).catch(
      (error: unknown) => {
        throw explainKafkaError(error, 'offsets');
      },
    );
    if (isDrained(states.values())) {
      return { endReason: 'drained', partitions: [...states.values()] };
    }
    consumer = o.kafka.consumer({
      groupId: o.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      // kafkajs fetches 1 MiB per partition by default, which capped writes
      // at a few hundred rows; one fetch now fills a whole write batch.
      maxBytesPerPartition: o.fetchBytesPerPartition,
      maxBytes:
        o.fetchBytesPerPartition * Math.max(3, o.partitionsConcurrently),
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: o.heartbeatIntervalMs,
      retry: { retries: 3, restartOnFailure: async () => false },
    });
    const run = startRun(consumer, admin, states, o);
    const deadlineHit = new Promise<'budget' | 'deadline'>((resolve) => {
      timer = setTimeout(
        () => resolve(o.deadline.reason),
        Math.max(0, o.deadline.at - Date.now()),
      );
    });
    try {
      const endReason = await Promise.race([run.done, deadlineHit]);
      return { endReason, partitions: [...states.values()] };
    } finally {
      // The chunk in flight is written and committed while we are still a
      // member; only then does disconnect leave the group.
      await bounded(run.stop(), o.logger, 'finishing the chunk in flight');
    }
  } finally {
    clearTimeout(timer);
    await bounded(consumer?.disconnect(), o.logger, 'consumer.disconnect');
    await bounded(admin.disconnect(), o.logger, 'admin.disconnect');
  }
}

async function bounded(
  p: Promise<void> | undefined,
  logger: Logger,
  what: string,
): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn(`${what} did not finish in ${STOP_TIMEOUT_MS} ms`);
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      p.catch((error: unknown) => logger.warn(`${what} failed`, { error })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
