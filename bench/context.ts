/** What every benchmark suite gets: the plan, the services, progress. */
import type { Kafka } from 'kafkajs';
import { LOCAL_ENV } from '../local/local-env.js';
import type { BenchEmulator } from './emulator.js';
import type { BenchPlan } from './plan.js';

/** Shared state of one `npm run bench`. */
export interface BenchContext {
  readonly plan: BenchPlan;
  readonly emulator: BenchEmulator;
  readonly kafka: Kafka;
  /** Six digits making this run's topics, groups and keys unique. */
  readonly tag: string;
  progress(line: string): void;
}

/** Local users seeded in every benchmark database. */
export const BENCH_USERS = 1_000;

/**
 * The environment of a worker running a handler: the local defaults, the
 * caller's own settings (INGEST_MAX_BATCH_ROWS…), then this run's topic,
 * group, database and our emulator.
 */
export function workerEnv(
  ctx: BenchContext,
  run: { topic: string; groupId: string; database: string },
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...LOCAL_ENV,
    ...process.env,
    CONFIG_FILE: 'none',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    INGEST_TOPICS: run.topic,
    PUBLISH_TOPIC: run.topic,
    KAFKA_GROUP_ID: run.groupId,
    DB_NAME: run.database,
    DATA_API_ENDPOINT: ctx.emulator.url,
  };
  return Object.fromEntries(
    Object.entries(env).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
}
