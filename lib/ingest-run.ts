import type { Kafka } from 'kafkajs';
import { computeDeadline, type EndReason } from './budget.js';
import type { Config } from './config.js';
import type { DataApi } from './data-api.js';
import { describeError } from './errors.js';
import { ingestBatch } from './ingest-batch.js';
import { addCounts, type Counts, emptyCounts } from './ingest-plan.js';
import { advancePositions, type OnIngestProgress } from './ingest-progress.js';
import { consumeUntilDone } from './kafka-consume.js';
import type { PartitionState } from './kafka-offsets.js';
import type { Logger } from './logging.js';
import { insertRun, loadUserPicker } from './store.js';

/** The clients and settings a run uses; built once per cold start. */
export interface IngestDeps {
  readonly config: Config;
  /**
   * The client, or how to load it (reading a Kafka secret may fail: then the
   * run is recorded as failed like any other).
   */
  readonly kafka: Kafka | (() => Promise<Kafka>);
  readonly db: DataApi;
  readonly logger: Logger;
  /** Uniform in [0, 1); injected so tests can check the author choice. */
  readonly random: () => number;
}

/** Where a partition ended, for the summary and run history. */
export interface PartitionSummary {
  readonly topic: string;
  readonly partition: number;
  readonly position: string;
  readonly lag: string;
}

/** The result of one run: returned, logged and stored. */
export interface RunSummary {
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly endReason: EndReason;
  readonly counts: Counts;
  readonly partitions: readonly PartitionSummary[];
  readonly dataApiCalls: number;
  readonly error?: string;
}

/**
 * The run id of a Lambda invocation: its request id and when it started.
 * Lambda retries an async event under the same request id, and each try is
 * a run of its own in the history.
 */
export function lambdaRunId(requestId: string, startedAtMs: number): string {
  return `${requestId}.${startedAtMs.toString(36)}`;
}

/** The consumer-loop settings a config gives; shared with the benchmark. */
export function consumerSettings(config: Config) {
  return {
    groupId: config.kafka.groupId,
    topics: config.kafka.ingestTopics,
    chunkSize: config.ingest.maxBatchRows,
    sessionTimeoutMs: config.kafka.sessionTimeoutMs,
    // Kafka's recommendation: heartbeat at a third of the session timeout.
    heartbeatIntervalMs: Math.floor(config.kafka.sessionTimeoutMs / 3),
    // Waiting for partitions another member holds: a dead member's are
    // released within a session timeout, so a few reads per second suffice.
    othersPollMs: 500,
    fetchBytesPerPartition: config.ingest.maxBatchBytes,
    partitionsConcurrently: config.ingest.partitionsConcurrently,
  } as const;
}

/**
 * One ingest run: pick up local users, consume until drained or the deadline,
 * write every record's outcome, then store the run's summary.
 * @throws NoLocalUsersError, KafkaConsumeError or DatabaseError; the failed
 * run is still recorded in the history table when the database allows.
 */
export async function runIngest(
  deps: IngestDeps,
  run: {
    readonly runId: string;
    readonly remainingMs: number;
    /** Told the counts and positions after each written chunk (CLI). */
    readonly onProgress?: OnIngestProgress;
  },
): Promise<RunSummary> {
  const { config, db, logger } = deps;
  const startedAt = new Date();
  const callsBefore = db.callCount();
  const deadline = computeDeadline(
    startedAt.getTime(),
    config.ingest.budgetMs,
    run.remainingMs,
    config.ingest.shutdownMarginMs,
  );
  const counts = emptyCounts();
  const positions: Record<string, string> = {};
  const summarise = (
    endReason: EndReason,
    partitions: readonly PartitionState[],
    error?: unknown,
  ): RunSummary => ({
    runId: run.runId,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    endReason,
    counts,
    partitions: partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      position: p.position.toString(),
      lag: (p.highWatermark > p.position
        ? p.highWatermark - p.position
        : 0n
      ).toString(),
    })),
    dataApiCalls: db.callCount() - callsBefore,
    ...(error !== undefined && { error: describeError(error) }),
  });
  try {
    const kafka =
      typeof deps.kafka === 'function' ? await deps.kafka() : deps.kafka;
    const pickUserId = await loadUserPicker(db, deps.random, {
      deadline: deadline.at,
    });
    const result = await consumeUntilDone({
      kafka,
      ...consumerSettings(config),
      deadline,
      logger,
      handleRecords: async (records, keepAlive) => {
        const batch = await ingestBatch(
          db,
          records,
          config.decode,
          pickUserId,
          config.ingest,
          run.runId,
          {
            deadline: deadline.at,
            onWait: keepAlive,
          },
        );
        addCounts(counts, batch);
        if (run.onProgress) {
          advancePositions(positions, records);
          const snapshot = addCounts(emptyCounts(), counts);
          run.onProgress({ counts: snapshot, positions: { ...positions } });
        }
      },
    });
    const summary = summarise(result.endReason, result.partitions);
    await insertRun(db, toRunRow(summary), {
      deadline: deadline.at + config.ingest.shutdownMarginMs / 2,
    });
    logger.info('Ingest run finished', { ...summary });
    return summary;
  } catch (error: unknown) {
    const summary = summarise('error', [], error);
    logger.error('Ingest run failed', { ...summary, error });
    // Best effort, and bounded: the database may be what failed.
    const options = { deadline: Date.now() + 10_000 };
    await insertRun(db, toRunRow(summary), options).catch(
      (storeError: unknown) =>
        logger.warn('Could not record the failed run', { error: storeError }),
    );
    throw error;
  }
}

function toRunRow(s: RunSummary) {
  return {
    run_id: s.runId,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    end_reason: s.endReason,
    consumed: s.counts.consumed,
    inserted: s.counts.inserted,
    duplicate: s.counts.duplicate,
    skipped_own_site: s.counts.skipped_own_site,
    quarantined: s.counts.quarantined,
    details: JSON.stringify({
      reasons: s.counts.reasons,
      notes: s.counts.notes,
      partitions: s.partitions,
      dataApiCalls: s.dataApiCalls,
      ...(s.error !== undefined && { error: s.error }),
    }),
  };
}
