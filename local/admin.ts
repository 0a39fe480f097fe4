/**
 * Local-stack chores shared by the demo and the tests: databases on the
 * emulator, topics on the broker, migrations and seed users.
 */
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../lib/config.js';
import { createDataApi, type DataApi } from '../lib/data-api.js';
import { createLogger } from '../lib/logging.js';
import { applyMigrations } from '../lib/migrations.js';
import { migrationsFor } from '../schema/migrate.js';
import { LOCAL_ENV, localEnv } from './local-env.js';

// DATA_API_ENDPOINT may point the tools at another emulator instance.
const emulator = localEnv().DATA_API_ENDPOINT;

/** Create a database on the emulator's backend; fine if it already exists. */
export async function ensureDatabase(name: string): Promise<void> {
  const response = await fetch(`${emulator}/_admin/databases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  }).catch((error: unknown) => {
    throw new Error(
      `The Data API emulator at ${emulator} is not answering (${error}). ` +
        'Start the local stack: npm run stack:up',
    );
  });
  const body = await response.text();
  // 42P04 = duplicate_database: it is already there, which is what we want.
  if (!response.ok && !body.includes('SQLState: 42P04')) {
    throw new Error(`Could not create database ${name}: ${body}`);
  }
}

/** Drop a database on the emulator's backend. */
export async function dropDatabase(name: string): Promise<void> {
  await fetch(`${emulator}/_admin/databases/${encodeURIComponent(name)}`, {
    method: 'DELETE',
  });
}

/** A Data API client for one local database, as the functions would use. */
export function localDataApi(database: string, env = process.env): DataApi {
  const config = loadConfig(
    localEnv({ ...env, CONFIG_FILE: 'none', DB_NAME: database }),
  );
  return createDataApi(
    config.database,
    createLogger({ tool: 'local' }, 'error'),
  );
}

/** Ensure the database exists with the base-table fixture and every migration. */
export async function prepareDatabase(database: string): Promise<DataApi> {
  await ensureDatabase(database);
  const db = localDataApi(database);
  await applyMigrations(db, migrationsFor('postgres', true));
  return db;
}

/** Add local users by name (existing names are kept). */
export async function seedUsers(
  db: DataApi,
  usernames: readonly string[],
): Promise<void> {
  for (const username of usernames) {
    await db.query(
      {
        name: 'seedUser',
        sql: `INSERT INTO users (username) VALUES (:username)
              ON CONFLICT (username) DO NOTHING`,
      },
      { username },
    );
  }
}

/** A kafkajs client for the local broker, quiet unless something breaks. */
export function localKafka(): Kafka {
  return new Kafka({
    clientId: 'instalite-local-tools',
    brokers: [LOCAL_ENV.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092'],
    logLevel: logLevel.ERROR,
  });
}

/** Create missing topics; returns the names that were created now. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  numPartitions = 1,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
