/**
 * Integration-test helpers: each test gets its own database, topics and
 * consumer group, and calls the real handlers like the Lambda runtime would.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DataApi } from '../../lib/data-api.js';
import {
  dropDatabase,
  ensureTopics,
  localKafka,
  prepareDatabase,
  seedUsers,
} from '../../local/admin.js';
import { localEnv } from '../../local/local-env.js';

// Resources made by a test file are removed after it, newest first.
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch(() => undefined);
});

/** A short unique suffix for names. */
export const uid = () => randomUUID().replaceAll('-', '').slice(0, 10);

/** A migrated database of its own, dropped after the test file. */
export async function createTestDatabase(
  purpose: string,
): Promise<{ name: string; db: DataApi }> {
  const name = `test_${purpose}_${uid()}`;
  const db = await prepareDatabase(name);
  cleanups.push(() => dropDatabase(name));
  return { name, db };
}

/** Seed `count` local users with unique names. */
export async function seedTestUsers(db: DataApi, count: number): Promise<void> {
  await seedUsers(
    db,
    Array.from({ length: count }, (_, i) => `user${i}_${uid()}`),
  );
}

/** Create a fresh topic `test-<purpose>-<uuid>`, deleted after the file. */
export async function createTestTopic(
  kafka: Kafka,
  purpose: string,
  partitions = 1,
): Promise<string> {
  const topic = `test-${purpose}-${uid()}`;
  await ensureTopics(kafka, [topic], partitions);
  cleanups.push(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });
  return topic;
}

/** The local broker, failing loudly if it is not up. */
export function testKafka(): Kafka {
  return localKafka();
}

/** Produce values (and keys) to a topic in order, acks=all. */
export async function produce(
  kafka: Kafka,
  topic: string,
  messages: readonly {
    key?: Buffer | string | null;
    value: Buffer | string | null;
  }[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key ?? null, value: m.value })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** What a Lambda context gives the handlers. */
export function lambdaContext(remainingMs = 360_000) {
  const id = `test-${uid()}`;
  const end = Date.now() + remainingMs;
  return { awsRequestId: id, getRemainingTimeInMillis: () => end - Date.now() };
}

/** Handler modules, each loaded fresh under its own environment. */
type IngestModule = typeof import('../../functions/ingest.js');
type PublishModule = typeof import('../../functions/publish.js');

async function loadWithEnv<T>(
  load: () => Promise<T>,
  env: Record<string, string>,
): Promise<T> {
  const saved = { ...process.env };
  Object.assign(
    process.env,
    localEnv({ ...saved, CONFIG_FILE: 'none', LOG_LEVEL: 'error', ...env }),
  );
  try {
    let loaded: T | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = await load();
    });
    if (loaded === undefined) throw new Error('handler module did not load');
    return loaded;
  } finally {
    process.env = saved;
  }
}

/**
 * Run `work` with variables the Lambda runtime sets per invocation (such as
 * `_X_AMZN_TRACE_ID`), then remove them.
 */
export async function withInvocationEnv<T>(
  env: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

/** The ingest handler as a cold start with this environment. */
export function loadIngest(env: Record<string, string>): Promise<IngestModule> {
  return loadWithEnv(() => import('../../functions/ingest.js'), env);
}

/** The publish handler as a cold start with this environment. */
export function loadPublish(
  env: Record<string, string>,
): Promise<PublishModule> {
  return loadWithEnv(() => import('../../functions/publish.js'), env);
}

/** Read every record currently on a topic (from the start) with a throwaway group. */
export async function readTopic(kafka: Kafka, topic: string, expected: number) {
  const consumer = kafka.consumer({ groupId: `reader-${uid()}` });
  const seen: {
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, unknown>;
  }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: message.key,
          value: message.value,
          headers: { ...message.headers },
        });
        if (seen.length >= expected) resolve();
      },
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`read ${seen.length}/${expected} records from ${topic}`),
        ),
      20_000,
    );
  });
  try {
    await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return seen;
}
