import { loadConfig } from '../../lib/config.js';
import { CONFIG_SCHEMA } from '../../lib/config-schema.js';
import { createDataApi, type DataApi } from '../../lib/data-api.js';
import { DatabaseError } from '../../lib/errors.js';
import { runIngest } from '../../lib/ingest-run.js';
import { createKafka } from '../../lib/kafka.js';
import { createLogger } from '../../lib/logging.js';
import { insertPosts, type PostRow } from '../../lib/store.js';
import { localEnv } from '../../local/local-env.js';
import { faultDatabase } from '../faults/fault-stack.js';
import { seededRandom } from '../faults/ledger.js';
import {
  emulatorAdmin,
  requestCount,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';
import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadIngest,
  produce,
  seedTestUsers,
  testKafka,
  uid,
} from '../helpers/integration.js';
import { waitFor } from '../helpers/wait-for.js';

const kafka = testKafka();
const post = (id: string, text = `post ${id}`) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'g58',
    post_uuid_within_site: id,
    post_text: text,
  });

function depsFor(env: Record<string, string>, seed: number) {
  const config = loadConfig(
    localEnv({ ...localEnv(), CONFIG_FILE: 'none', ...env }),
  );
  const logger = createLogger({ test: 'writes' }, 'error');
  return {
    config,
    kafka: createKafka(config.kafka, logger),
    db: createDataApi(config.database, logger),
    logger,
    random: seededRandom(seed),
  };
}

describe('ingest database writes', () => {
  it('draws authors uniformly and independently within one batch', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'uniform');
    const { db, name } = await createTestDatabase('uniform');
    const users = 20;
    const n = 4000;
    await seedTestUsers(db, users);
    const prefix = uid();
    for (let i = 0; i < n; i += 1000) {
      const ids = Array.from({ length: 1000 }, (_, j) => `${prefix}-${i + j}`);
      await produce(
        kafka,
        topic,
        ids.map((id) => ({ value: post(id) })),
      );
    }
    const deps = depsFor(
      {
        INGEST_TOPICS: topic,
        TOPIC_FAMILIES: `${topic}=federated`,
        DB_NAME: name,
        KAFKA_GROUP_ID: `uniform-${uid()}`,
      },
      4242,
    );
    // Act
    await runIngest(deps, { runId: `uniform-${uid()}`, remainingMs: 120_000 });
    const perUser = await db.query({
      name: 'testPerUser',
      sql: `SELECT user_id, count(*) FROM posts GROUP BY user_id`,
    });
    const ordered = await db.query({
      name: 'testOrdered',
      sql: `SELECT user_id FROM posts ORDER BY post_id LIMIT 1000`,
    });
    // Assert: chi-square, 19 degrees of freedom; 43.82 is the p = 0.001 value.
    const expected = n / users;
    const chi2 = perUser.reduce(
      (sum, [, c]) => sum + (Number(c) - expected) ** 2 / expected,
      0,
    );
    expect(perUser).toHaveLength(users);
    expect(chi2).toBeLessThan(43.82);
    // One batch (1000 rows, one statement): all users drawn, and neighbours
    // share a user about 1 time in 20, not always (one draw per statement).
    const batch = ordered.map(([u]) => Number(u));
    const same = batch.filter((u, i) => i > 0 && u === batch[i - 1]).length;
    expect(new Set(batch).size).toBe(users);
    expect(same).toBeGreaterThan(20);
    expect(same).toBeLessThan(90);
  });

  it('never reassigns an author on replay', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'replay');
    const { db, name } = await createTestDatabase('replay');
    await seedTestUsers(db, 10);
    await produce(
      kafka,
      topic,
      Array.from({ length: 50 }, (_, i) => ({ value: post(`r-${i}`) })),
    );
    const env = { INGEST_TOPICS: topic, DB_NAME: name };
    const authors = () =>
      db.query({
        name: 'testAuthors',
        sql: 'SELECT original_post_id, user_id FROM posts ORDER BY 1',
      });
    const first = await loadIngest({ ...env, KAFKA_GROUP_ID: `a-${uid()}` });
    await first.handler({}, lambdaContext());
    const before = await authors();
    const replay = await loadIngest({ ...env, KAFKA_GROUP_ID: `b-${uid()}` });
    // Act
    const summary = await replay.handler({}, lambdaContext());
    // Assert
    expect(summary.counts).toMatchObject({ inserted: 0, duplicate: 50 });
    expect(await authors()).toEqual(before);
  });

  it('splits a batch bigger than the 4 MiB request limit and writes it all', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'big');
    const { db, name } = await createTestDatabase('big');
    await seedTestUsers(db, 2);
    const text = 'é'.repeat(9000); // 18 KB of UTF-8 per post
    // 40 per send keeps each produce request under the broker's 1 MB.
    for (let i = 0; i < 600; i += 40) {
      const batch = Array.from({ length: 40 }, (_, j) => ({
        value: post(`big-${i + j}`, text),
      }));
      await produce(kafka, topic, batch);
    }
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `big-${uid()}`,
    });
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    // Assert: 600 × 18 KB ≈ 10.8 MB in writes of at most the default batch
    // bytes, plus the read of user ids (the summary is taken before the run row).
    const writes = Math.ceil(
      (600 * 18_000) / CONFIG_SCHEMA.INGEST_MAX_BATCH_BYTES.default,
    );
    expect(summary.counts).toMatchObject({ consumed: 600, inserted: 600 });
    expect(summary.dataApiCalls).toBeGreaterThanOrEqual(writes + 1);
  });
});

describe('ingest database writes under Data API faults', () => {
  let emulator: TestEmulator;
  let db: DataApi;
  beforeAll(async () => {
    emulator = await startTestEmulator(['--statement-timeout-ms', '1000']);
    ({ db } = await faultDatabase(emulator.url, 'timeouts', 3));
  });
  afterAll(() => emulator.close());
  afterEach(() => emulatorAdmin(emulator.url, 'DELETE', 'faults'));

  const rows = (n: number): PostRow[] =>
    Array.from({ length: n }, (_, i) => ({
      user_id: 1,
      text: 'hi',
      image_url: null,
      content_type: 'text',
      created_at: null,
      source_site: 'g58',
      original_post_id: `t-${i}`,
      author_name: 'lin',
    }));

  it('re-sends an insert after a statement timeout and counts what it really inserted', async () => {
    // Prepare: the first call outlives the 1 s timeout, then commits anyway.
    await emulatorAdmin(emulator.url, 'POST', 'faults', { latencyMs: 1500 });
    const before = await requestCount(emulator.url);
    // Act
    const inserting = insertPosts(db, rows(40), 'run-timeout', {
      deadline: Date.now() + 20_000,
    });
    await waitFor(
      async () => (await requestCount(emulator.url)) > before,
      5000,
    );
    await emulatorAdmin(emulator.url, 'DELETE', 'faults');
    const inserted = await inserting;
    const again = await insertPosts(db, rows(40), 'run-later');
    const [[stored] = []] = await db.query({
      name: 'testCountTimeouts',
      sql: `SELECT count(*) FROM posts WHERE original_post_id LIKE 't-%'`,
    });
    // Assert
    expect(inserted.size).toBe(40);
    expect(again.size).toBe(0);
    expect(stored).toBe(40);
  });

  it('does not re-send a statement that is not idempotent after a timeout', async () => {
    // Prepare
    await emulatorAdmin(emulator.url, 'POST', 'faults', {
      exception: 'StatementTimeoutException',
      count: 1,
    });
    const before = await requestCount(emulator.url);
    // Act
    const call = db.query({ name: 'testNotIdempotent', sql: 'SELECT 1' });
    // Assert
    await expect(call).rejects.toMatchObject({
      name: DatabaseError.name,
      statement: 'testNotIdempotent',
      exceptionName: 'StatementTimeoutException',
      retriable: false,
    });
    expect(await requestCount(emulator.url)).toBe(before + 1);
  });

  it('fails an SQL error loudly with the statement name and SQLState', async () => {
    // Prepare
    await emulatorAdmin(emulator.url, 'POST', 'faults', {
      exception: 'DatabaseErrorException',
      message: 'ERROR: relation "posts" does not exist; SQLState: 42P01',
      count: 1,
    });
    // Act
    const call = insertPosts(db, rows(1), 'run-sql-error');
    // Assert
    await expect(call).rejects.toMatchObject({
      name: DatabaseError.name,
      statement: 'insertPosts',
      sqlState: '42P01',
      retriable: false,
    });
  });
});
