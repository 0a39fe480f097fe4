import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { RunDeadline } from './budget.js';
import { KafkaConsumeError } from './errors.js';
import {
  isDrained,
  type PartitionState,
  partitionKey,
  readPartitionStates,
  refreshPositions,
} from './kafka-offsets.js';
import { nextOffset, type RawRecord, toRawRecord } from './kafka-records.js';
import type { Logger } from './logging.js';

/** What to consume and what to do with each chunk of records. */
export interface ConsumeOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadline: RunDeadline;
  readonly logger: Logger;
  readonly chunkSize: number;
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
 * end it had at start, or the deadline. Offsets are committed after each
 * chunk is durable, before the consumer leaves the group.
 * @throws KafkaConsumeError, or the error `handleRecords` threw.
 */
export async function consumeUntilDone(
  o: ConsumeOptions,
): Promise<ConsumeResult> {
  const admin = o.kafka.admin();
  await connectOrExplain(admin.connect(), o.kafka, 'admin');
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const states = await readPartitionStates(admin, o.groupId, o.topics);
    if (isDrained(states.values())) {
      return { endReason: 'drained', partitions: [...states.values()] };
    }
    consumer = o.kafka.consumer({
      groupId: o.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      retry: { retries: 3, restartOnFailure: async () => false },
    });
    const run = startRun(consumer, admin, states, o);
    const deadlineHit = new Promise<'budget' | 'deadline'>((resolve) => {
      timer = setTimeout(
        () => resolve(o.deadline.reason),
        Math.max(0, o.deadline.at - Date.now()),
      );
    });
    const endReason = await Promise.race([run.done, deadlineHit]);
    run.stop();
    return { endReason, partitions: [...states.values()] };
  } finally {
    clearTimeout(timer);
    await bounded(consumer?.disconnect(), o.logger, 'consumer.disconnect');
    await bounded(admin.disconnect(), o.logger, 'admin.disconnect');
  }
}

interface ActiveRun {
  readonly done: Promise<'drained'>;
  stop(): void;
}

function startRun(
  consumer: Consumer,
  admin: Admin,
  states: Map<string, PartitionState>,
  o: ConsumeOptions,
): ActiveRun {
  let stopping = false;
  let assigned: PartitionState[] = [];
  let settle:
    | { ok: (v: 'drained') => void; fail: (e: unknown) => void }
    | undefined;
  const done = new Promise<'drained'>((ok, fail) => {
    settle = { ok, fail };
  });
  const fail = (error: unknown) => {
    stopping = true;
    settle?.fail(error);
  };
  const checkDrained = () => {
    if (assigned.length === 0 || isDrained(assigned)) settle?.ok('drained');
  };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const keys = Object.entries(payload.memberAssignment).flatMap(([t, ps]) =>
      ps.map((p) => partitionKey(t, p)),
    );
    o.logger.info('Joined consumer group', {
      groupId: o.groupId,
      assigned: keys,
    });
    refreshPositions(admin, o.groupId, o.topics, states)
      .then(() => {
        assigned = keys.flatMap((k) => states.get(k) ?? []);
        checkDrained();
      })
      .catch(fail);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    fail(
      new KafkaConsumeError(
        `Kafka consumer crashed: ${payload.error.message}`,
        true,
        { cause: payload.error },
      ),
    );
  });
  const eachBatch = async (p: EachBatchPayload) => {
    const state = states.get(partitionKey(p.batch.topic, p.batch.partition));
    for (let i = 0; i < p.batch.messages.length; i += o.chunkSize) {
      if (stopping || !p.isRunning() || p.isStale()) return;
      const chunk = p.batch.messages.slice(i, i + o.chunkSize);
      const last = chunk.at(-1);
      if (!last) return;
      try {
        const records = chunk.map((m) =>
          toRawRecord(p.batch.topic, p.batch.partition, m),
        );
        await o.handleRecords(records, p.heartbeat);
        const offset = nextOffset(last.offset);
        await consumer.commitOffsets([
          { topic: p.batch.topic, partition: p.batch.partition, offset },
        ]);
        p.resolveOffset(last.offset);
        if (state) state.position = BigInt(offset);
        await p.heartbeat();
      } catch (error: unknown) {
        fail(error);
        return;
      }
      checkDrained();
    }
  };
  consumer
    .connect()
    .then(() =>
      consumer.subscribe({ topics: [...o.topics], fromBeginning: true }),
    )
    .then(() =>
      consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch,
      }),
    )
    .catch((error: unknown) =>
      fail(explainConnect(error, o.kafka, 'consumer')),
    );
  return {
    done,
    stop: () => {
      stopping = true;
    },
  };
}

async function connectOrExplain(
  p: Promise<void>,
  kafka: Kafka,
  what: string,
): Promise<void> {
  try {
    await p;
  } catch (error: unknown) {
    throw explainConnect(error, kafka, what);
  }
}

function explainConnect(
  error: unknown,
  _kafka: Kafka,
  what: string,
): KafkaConsumeError {
  if (error instanceof KafkaConsumeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KafkaConsumeError(
    `Kafka ${what} could not start: ${message}. Check KAFKA_BOOTSTRAP_SERVERS, ` +
      'network access to the brokers, and credentials.',
    true,
    { cause: error },
  );
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
