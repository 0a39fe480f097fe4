import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { KafkaConsumeError } from './errors.js';
import type { ConsumeOptions } from './kafka-consume.js';
import { classifyKafkaError, explainKafkaError } from './kafka-errors.js';
import { withKeepAlive } from './kafka-keep-alive.js';
import {
  isDrained,
  type PartitionState,
  partitionKey,
  refreshPositions,
} from './kafka-offsets.js';
import { nextOffset, toRawRecord } from './kafka-records.js';
import { withLogContext } from './logging.js';

/** A started consumer run: `done` settles on drain or crash. */
export interface ActiveRun {
  readonly done: Promise<'drained'>;
  /**
   * Take no new chunk; resolves once the chunks in flight are written and
   * committed. kafkajs' own stop does not wait for them: it leaves the group
   * first, and their commits would then be refused.
   */
  stop(): Promise<void>;
}

/**
 * Connect, subscribe from the earliest offset for a new group, and run the
 * consumer with manual commits. Each chunk is written, then its offsets are
 * committed, then resolved; nothing is auto-resolved or auto-committed.
 */
export function startRun(
  consumer: Consumer,
  admin: Admin,
  states: Map<string, PartitionState>,
  o: ConsumeOptions,
): ActiveRun {
  let stopping = false;
  let inFlight = 0;
  // A heartbeat saw the group rebalancing: yield after the current chunk.
  let rebalance: { error: unknown } | undefined;
  const onRebalance = (error: unknown) => {
    rebalance = { error };
  };
  const idleWaiters: (() => void)[] = [];
  let assigned: PartitionState[] = [];
  let settle:
    | { ok: (v: 'drained') => void; fail: (e: unknown) => void }
    | undefined;
  const done = new Promise<'drained'>((ok, fail) => {
    settle = { ok, fail };
  });
  let waitTimer: NodeJS.Timeout | undefined;
  const end = () => {
    stopping = true;
    clearTimeout(waitTimer);
  };
  const fail = (error: unknown) => {
    end();
    settle?.fail(error);
  };
  // Drained means every partition of the topics reached its start end, not
  // only ours: a member that died a moment ago (a killed or timed-out run)
  // keeps its partitions until its session expires, and nobody reads them
  // meanwhile. So once our own partitions are done, the group's commits are
  // re-read until the others are done too (by another live run, or by us
  // after the rebalance that drops the dead member) or the deadline comes.
  const checkDrained = () => {
    if (stopping) return;
    if (isDrained(states.values())) {
      end();
      settle?.ok('drained');
    } else if (isDrained(assigned) && waitTimer === undefined) {
      waitTimer = setTimeout(() => {
        refreshPositions(admin, o.groupId, o.topics, states)
          .then(() => {
            waitTimer = undefined;
            checkDrained();
          })
          .catch((error: unknown) => fail(explainKafkaError(error, 'offsets')));
      }, o.othersPollMs);
    }
  };
  const commit = async (topic: string, partition: number, offset: string) => {
    await consumer.commitOffsets([{ topic, partition, offset }]);
    const state = states.get(partitionKey(topic, partition));
    if (state && BigInt(offset) > state.position) {
      state.position = BigInt(offset);
    }
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
      .catch((error: unknown) => fail(explainKafkaError(error, 'offsets')));
  });
  // A batch of only transaction markers never reaches eachBatch; without
  // this its partition would stay short of its end until the deadline.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (stopping || payload.batchSize !== 0) return;
    const { topic, partition, lastOffset } = payload;
    const offset = nextOffset(lastOffset);
    commit(topic, partition, offset)
      .then(checkDrained)
      .catch((error: unknown) =>
        o.logger.warn('Commit past control records failed', {
          topic,
          partition,
          offset,
          error,
        }),
      );
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    const error = explainKafkaError(payload.error, 'consumer');
    fail(
      new KafkaConsumeError(
        `Kafka consumer crashed: ${error.message}`,
        error.retriable,
        { cause: payload.error },
      ),
    );
  });
  const eachBatch = async (p: EachBatchPayload) => {
    inFlight += 1;
    try {
      await eachChunk(p);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
    }
  };
  const eachChunk = async (p: EachBatchPayload) => {
    const { topic, partition, messages } = p.batch;
    for (let i = 0; i < messages.length; i += o.chunkSize) {
      if (stopping || !p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(i, i + o.chunkSize);
      const last = chunk.at(-1);
      if (!last) return;
      // The batch's last offset also covers trailing transaction markers.
      const isBatchEnd = i + o.chunkSize >= messages.length;
      const offset = nextOffset(
        isBatchEnd ? p.batch.lastOffset() : last.offset,
      );
      const records = chunk.map((m) => toRawRecord(topic, partition, m));
      const where = {
        topic,
        partition,
        firstOffset: chunk[0]?.offset ?? last.offset,
        lastOffset: last.offset,
      };
      try {
        // Lines logged while writing (Data API retries) name the chunk.
        await withLogContext(where, () =>
          withKeepAlive(p.heartbeat, o.heartbeatIntervalMs, onRebalance, () =>
            o.handleRecords(records, p.heartbeat),
          ),
        );
      } catch (error: unknown) {
        o.logger.warn('Chunk not written; the run stops', {
          ...where,
          exception: error instanceof Error ? error.name : String(error),
        });
        fail(error);
        return;
      }
      try {
        await commit(topic, partition, offset);
      } catch (error: unknown) {
        o.logger.warn('Chunk written but not committed', {
          ...where,
          commitOffset: offset,
          exception: error instanceof Error ? error.name : String(error),
        });
        // Lost the partition: the rows are durable and idempotent, so the
        // next owner replays them harmlessly; kafkajs rejoins on this throw.
        if (classifyKafkaError(error) === 'rebalance') throw error;
        fail(explainKafkaError(error, 'commit'));
        return;
      }
      o.logger.debug('Chunk written and committed', {
        ...where,
        records: records.length,
        commitOffset: offset,
      });
      p.resolveOffset(last.offset);
      await p.heartbeat().catch(onRebalance);
      checkDrained();
      // Give the partitions back now (kafkajs rejoins on this throw) rather
      // than after the whole fetched batch: another member is waiting.
      const seen = rebalance;
      rebalance = undefined;
      if (seen && classifyKafkaError(seen.error) === 'rebalance') {
        throw seen.error;
      }
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
        partitionsConsumedConcurrently: o.partitionsConcurrently,
        eachBatch,
      }),
    )
    .catch((error: unknown) => fail(explainKafkaError(error, 'consumer')));
  return {
    done,
    stop: () => {
      end();
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
