/**
 * The fault suite's own stack: a Kafka broker on 127.0.0.1:19092 (files in
 * .stack/kafka-faults/) that scenarios may stop and restart, and a Data API
 * emulator child process on a free port whose faults they control. The
 * shared stack (9092, 8099) is never touched.
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../../lib/config.js';
import { createDataApi, type DataApi } from '../../lib/data-api.js';
import { createLogger } from '../../lib/logging.js';
import { applyMigrations } from '../../lib/migrations.js';
import { startBroker, stopBroker } from '../../local/kafka/broker.js';
import {
  addressOf,
  type BrokerInstance,
  stackDir,
} from '../../local/kafka/settings.js';
import { localEnv } from '../../local/local-env.js';
import { migrationsFor } from '../../schema/migrate.js';
import {
  byEngine,
  createEmulatorDatabase,
  emulatorAdmin,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';

/** The fault suite's broker; a short minimum session lets kills heal fast. */
export const faultBroker: BrokerInstance = {
  host: '127.0.0.1',
  port: 19092,
  controllerPort: 19093,
  dir: join(stackDir(), 'kafka-faults'),
  extraProperties: { 'group.min.session.timeout.ms': 1000 },
};

/** Session timeout the ingest runs use here (evicts a killed member fast). */
export const SESSION_TIMEOUT_MS = 3000;

/** Start (or reuse) the fault broker. */
export function startFaultBroker(): Promise<number> {
  return startBroker({ instance: faultBroker, progress: () => undefined });
}

/** Stop the fault broker (SIGTERM, SIGKILL after `graceMs`). */
export function stopFaultBroker(graceMs = 15_000): Promise<void> {
  return stopBroker({
    instance: faultBroker,
    graceMs,
    progress: () => undefined,
  });
}

/** A kafkajs client for the fault broker. */
export function faultKafka(): Kafka {
  return new Kafka({
    clientId: 'fault-suite',
    brokers: [addressOf(faultBroker)],
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 300 },
  });
}

/** The suite's emulator (engine from LOCAL_DB_ENGINE, pglite by default). */
export function startFaultEmulator(): Promise<TestEmulator> {
  return startTestEmulator();
}

/** Set emulator faults (`POST /_admin/faults`), or clear them all. */
export async function setFaults(
  url: string,
  faults: Record<string, unknown> | 'clear',
): Promise<void> {
  if (faults === 'clear') await emulatorAdmin(url, 'DELETE', 'faults');
  else await emulatorAdmin(url, 'POST', 'faults', faults);
}

/** The function's environment for one scenario. */
export function ingestEnv(
  url: string,
  database: string,
  topics: readonly string[],
  groupId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    CONFIG_FILE: 'none',
    SITE_ID: 'tidepool',
    KAFKA_BOOTSTRAP_SERVERS: addressOf(faultBroker),
    DATA_API_ENDPOINT: url,
    DB_NAME: database,
    INGEST_TOPICS: topics.join(','),
    KAFKA_GROUP_ID: groupId,
    KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/** A migrated database on the emulator with `users` local users. */
export async function faultDatabase(
  url: string,
  purpose: string,
  users: number,
): Promise<{ name: string; db: DataApi }> {
  const name = await createEmulatorDatabase(url, purpose);
  const env = localEnv({
    CONFIG_FILE: 'none',
    DATA_API_ENDPOINT: url,
    DB_NAME: name,
    DB_ENGINE: byEngine({ pg: 'postgres', mysql: 'mysql' }),
  });
  const db = createDataApi(
    loadConfig(env).database,
    createLogger({ tool: 'faults' }, 'error'),
  );
  await applyMigrations(db, migrationsFor(db.engine, true));
  await db.query(
    {
      name: 'faultSeedUsers',
      sql: byEngine({
        pg: `INSERT INTO users (username)
            SELECT 'user' || g FROM generate_series(1, :n) AS g`,
        mysql: `INSERT INTO users (username)
            SELECT CONCAT('user', j.n) FROM JSON_TABLE(:names, '$[*]'
              COLUMNS (n FOR ORDINALITY)) AS j`,
      }),
    },
    { n: users, names: JSON.stringify(Array(users).fill(0)) },
  );
  return { name, db };
}

/** Create a topic with `partitions` partitions on the fault broker. */
export async function createTopic(
  kafka: Kafka,
  topic: string,
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offsets, `topic:partition` → offset (-1 = none). */
export async function committedOffsets(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out = new Map<string, bigint>();
    for (const t of await admin.fetchOffsets({ groupId, topics: [...topics] }))
      for (const p of t.partitions)
        out.set(`${t.topic}:${p.partition}`, BigInt(p.offset));
    return out;
  } finally {
    await admin.disconnect();
  }
}
