/**
 * Local-stack chores shared by the demo and the tests: databases on the
 * emulator, topics on the broker, migrations and seed users.
 */
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../lib/config.js';
import { createDataApi, type DataApi } from '../lib/data-api.js';
import { createLogger } from '../lib/logging.js';
import { applyMigrations } from '../lib/migrations.js';
import { type Engine, statementFor } from '../lib/store-sql.js';
import { migrationsFor } from '../schema/migrate.js';
import { LOCAL_ENV, localEnv } from './local-env.js';

// DATA_API_ENDPOINT may point the tools at another emulator instance.
const emulator = localEnv().DATA_API_ENDPOINT;

/**
 * Create a database on the emulator's backend; fine if it already exists.
 * Returns true when it was created now.
 */
export async function ensureDatabase(name: string): Promise<boolean> {
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
  if (response.ok) return true;
  const body = await response.text();
  // Already there (PostgreSQL 42P04, MySQL error 1007) is what we want.
  if (!(await listDatabases()).includes(name)) {
    throw new Error(`Could not create database ${name}: ${body}`);
  }
  return false;
}

async function listDatabases(): Promise<string[]> {
  const response = await fetch(`${emulator}/_admin/databases`);
  const body: unknown = await response.json();
  const names =
    typeof body === 'object' && body !== null
      ? Reflect.get(body, 'databases')
      : undefined;
  return Array.isArray(names) ? names.map(String) : [];
}

/**
 * The SQL dialect of the running emulator (`GET /_admin/health`): `mysql`
 * on MySQL/MariaDB, `postgres` on PostgreSQL and PGlite.
 * @throws Error when the emulator does not answer.
 */
export async function stackEngine(): Promise<Engine> {
  const response = await fetch(`${emulator}/_admin/health`).catch(
    (error: unknown) => {
      throw new Error(
        `The Data API emulator at ${emulator} is not answering (${error}). ` +
          'Start the local stack: npm run stack:up',
      );
    },
  );
  const body: unknown = await response.json();
  const engine =
    typeof body === 'object' && body !== null
      ? Reflect.get(body, 'engine')
      : undefined;
  return engine === 'mysql' ? 'mysql' : 'postgres';
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

/**
 * Ensure the database exists with the base-table fixture and every migration
 * of its engine. @throws Error when the running emulator's engine is not the
 * configured one (DB_ENGINE, from LOCAL_DB_ENGINE: see local-env.ts).
 */
export async function prepareDatabase(database: string): Promise<DataApi> {
  const db = localDataApi(database);
  const running = await stackEngine();
  if (running !== db.engine) {
    throw new Error(
      `The Data API emulator at ${emulator} runs ${running} SQL but the ` +
        `bridge is configured for ${db.engine}: set LOCAL_DB_ENGINE to the ` +
        'engine the stack was started with.',
    );
  }
  await ensureDatabase(database);
  await applyMigrations(db, migrationsFor(db.engine, true));
  return db;
}

const seedUser = {
  name: 'seedUser',
  postgres: `INSERT INTO users (username) VALUES (:username)
        ON CONFLICT (username) DO NOTHING`,
  mysql: `INSERT INTO users (username) VALUES (:username)
        ON DUPLICATE KEY UPDATE user_id = user_id`,
};

/** Add local users by name (existing names are kept). */
export async function seedUsers(
  db: DataApi,
  usernames: readonly string[],
): Promise<void> {
  for (const username of usernames) {
    await db.query(statementFor(db.engine, seedUser), { username });
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

/** Move a consumer group back to the start of each topic (no member may be up). */
export async function resetGroupOffsets(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      await admin.resetOffsets({ groupId, topic, earliest: true });
    }
  } finally {
    await admin.disconnect();
  }
}
