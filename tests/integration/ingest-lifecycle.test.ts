import type { Kafka } from 'kafkajs';
import { KafkaConsumeError } from '../../lib/errors.js';
import { faultDatabase } from '../faults/fault-stack.js';
import {
  byEngine,
  emulatorAdmin,
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
const post = (id: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'g58',
    post_uuid_within_site: id,
    post_text: `post ${id}`,
  });
const posts = (n: number, prefix = uid()) =>
  Array.from({ length: n }, (_, i) => ({ value: post(`${prefix}-${i}`) }));

async function groupState(k: Kafka, groupId: string) {
  const admin = k.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return { state: groups[0]?.state, members: groups[0]?.members.length };
  } finally {
    await admin.disconnect();
  }
}

async function setup(purpose: string, partitions = 1) {
  const topic = await createTestTopic(kafka, purpose, partitions);
  const { db, name } = await createTestDatabase(purpose);
  await seedTestUsers(db, 3);
  const groupId = `${purpose}-${uid()}`;
  const env = {
    INGEST_TOPICS: topic,
    TOPIC_FAMILIES: `${topic}=federated`,
    DB_NAME: name,
    KAFKA_GROUP_ID: groupId,
  };
  return { topic, db, env, groupId };
}

const countPosts = { name: 'testCount', sql: 'SELECT count(*) FROM posts' };

describe('ingest consumer lifecycle', () => {
  it('returns only once every consumed record is durable', async () => {
    // Prepare
    const s = await setup('done');
    await produce(kafka, s.topic, posts(300));
    const ingest = await loadIngest(s.env);
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    const [[rows] = []] = await s.db.query(countPosts);
    // Assert
    expect(summary.counts).toMatchObject({ consumed: 300, inserted: 300 });
    expect(rows).toBe(300);
  });

  it('drains in seconds when some partitions are empty and others at their end', async () => {
    // Prepare
    const s = await setup('drain', 4);
    await produce(kafka, s.topic, [{ key: 'a', value: post(`a-${uid()}`) }]);
    const ingest = await loadIngest(s.env);
    await ingest.handler({}, lambdaContext());
    await produce(kafka, s.topic, [{ key: 'b', value: post(`b-${uid()}`) }]);
    const started = Date.now();
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    // Assert
    expect(summary).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 1 },
    });
    expect(summary.partitions.map((p) => p.lag)).toEqual(['0', '0', '0', '0']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('leaves the group before returning, and the next warm run works', async () => {
    // Prepare
    const s = await setup('warm');
    await produce(kafka, s.topic, posts(5));
    const ingest = await loadIngest(s.env);
    await ingest.handler({}, lambdaContext());
    const between = await groupState(kafka, s.groupId);
    await produce(kafka, s.topic, posts(4));
    // Act
    const second = await ingest.handler({}, lambdaContext());
    // Assert
    expect(between).toEqual({ state: 'Empty', members: 0 });
    expect(second.counts).toMatchObject({ consumed: 4, inserted: 4 });
    expect(await groupState(kafka, s.groupId)).toEqual({
      state: 'Empty',
      members: 0,
    });
  });

  it('is not drained while another member holds unread partitions', async () => {
    // Prepare: a member that reads both partitions and commits nothing, as a
    // run killed a moment ago looks until its session expires.
    const s = await setup('others', 2);
    await produce(
      kafka,
      s.topic,
      posts(20).map((m, i) => ({ ...m, key: `k${i}` })),
    );
    const other = kafka.consumer({ groupId: s.groupId });
    let otherJoined = false;
    other.on(other.events.GROUP_JOIN, () => {
      otherJoined = true;
    });
    await other.connect();
    await other.subscribe({ topics: [s.topic], fromBeginning: true });
    void other.run({ autoCommit: false, eachBatch: async () => undefined });
    await waitFor(() => otherJoined, 20_000, { what: 'the other member' });
    const ingest = await loadIngest({
      ...s.env,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    // Act: ingest shares the group, drains its own partition, then the
    // other member leaves and ingest is given the rest.
    const run = ingest.handler({}, lambdaContext());
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(s.topic);
    const ownPartitionDone = async () => {
      const [committed] = await admin.fetchOffsets({
        groupId: s.groupId,
        topics: [s.topic],
      });
      return (committed?.partitions ?? []).some(
        (p) => p.offset === ends.find((e) => e.partition === p.partition)?.high,
      );
    };
    await waitFor(ownPartitionDone, 30_000, { what: "ingest's own partition" });
    await admin.disconnect();
    await other.disconnect();
    const summary = await run;
    const [[rows] = []] = await s.db.query(countPosts);
    // Assert
    expect(summary).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 20, inserted: 20 },
    });
    expect(rows).toBe(20);
  });

  it('starts a new group at the earliest offset', async () => {
    // Prepare
    const s = await setup('earliest');
    await produce(kafka, s.topic, posts(7));
    const ingest = await loadIngest(s.env);
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    // Assert
    expect(summary.counts).toMatchObject({ consumed: 7, inserted: 7 });
  });

  it('drains a partition that ends with a transaction marker', async () => {
    // Prepare
    const s = await setup('txn');
    const producer = kafka.producer({
      transactionalId: `txn-${uid()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: s.topic, messages: posts(3) });
    await txn.commit();
    await producer.disconnect();
    const ingest = await loadIngest({ ...s.env, INGEST_BUDGET_MS: '30000' });
    const started = Date.now();
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    // Assert
    expect(summary).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 3, inserted: 3 },
    });
    expect(summary.partitions[0]?.lag).toBe('0');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('counts joining the group against the budget', async () => {
    // Prepare
    const s = await setup('join');
    await produce(kafka, s.topic, posts(3));
    const blocker = kafka.consumer({ groupId: s.groupId });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let isHolding = false;
    await blocker.connect();
    await blocker.subscribe({ topics: [s.topic], fromBeginning: true });
    void blocker.run({
      eachBatch: async () => {
        isHolding = true;
        await held;
      },
    });
    await waitFor(() => isHolding, 20_000);
    const ingest = await loadIngest({
      ...s.env,
      INGEST_BUDGET_MS: '3000',
      INGEST_SHUTDOWN_MARGIN_MS: '1000',
    });
    const started = Date.now();
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    const elapsed = Date.now() - started;
    release();
    await blocker.disconnect();
    // Assert
    expect(summary).toMatchObject({
      endReason: 'budget',
      counts: { consumed: 0 },
    });
    expect(elapsed).toBeLessThan(3000 + 10_000 + 1000);
  });

  it('fails fast naming an unreachable broker, committing nothing', async () => {
    // Prepare
    const s = await setup('unreachable');
    const ingest = await loadIngest({
      ...s.env,
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
    });
    const started = Date.now();
    // Act
    const run = ingest.handler({}, lambdaContext());
    // Assert
    await expect(run).rejects.toBeInstanceOf(Error);
    await expect(run).rejects.toMatchObject({
      name: KafkaConsumeError.name,
      message: expect.stringContaining('unreachable'),
      retriable: true,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('ingest consumer lifecycle under Data API faults', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());
  afterEach(() => emulator && emulatorAdmin(emulator.url, 'DELETE', 'faults'));

  async function setupOwn(purpose: string) {
    const topic = await createTestTopic(kafka, purpose);
    const { db, name } = await faultDatabase(emulator.url, purpose, 3);
    const groupId = `${purpose}-${uid()}`;
    const env = {
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      DB_NAME: name,
      DATA_API_ENDPOINT: emulator.url,
      KAFKA_GROUP_ID: groupId,
    };
    return { topic, db, env, groupId };
  }

  it('commits only the chunks it wrote when a write fails mid-batch', async () => {
    // Prepare
    const s = await setupOwn('partial');
    await produce(kafka, s.topic, posts(60));
    const ingest = await loadIngest({ ...s.env, INGEST_MAX_BATCH_ROWS: '10' });
    const committed = async () => {
      const admin = kafka.admin();
      await admin.connect();
      const [t] = await admin.fetchOffsets({
        groupId: s.groupId,
        topics: [s.topic],
      });
      await admin.disconnect();
      return Number(t?.partitions[0]?.offset ?? -1);
    };
    await emulatorAdmin(emulator.url, 'POST', 'faults', { latencyMs: 300 });
    // Act
    const run = ingest.handler({}, lambdaContext());
    await waitFor(async () => (await committed()) >= 10, 30_000);
    await emulatorAdmin(emulator.url, 'POST', 'faults', {
      exception: 'DatabaseErrorException',
      message: 'ERROR: canceling statement; SQLState: 57014',
      count: 1000,
    });
    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'DatabaseError',
      sqlState: '57014',
    });
    await emulatorAdmin(emulator.url, 'DELETE', 'faults');
    const offset = await committed();
    const [[rows] = []] = await s.db.query(countPosts);
    expect(offset % 10).toBe(0);
    expect(offset).toBeLessThan(60);
    // On MySQL a chunk is two calls (insert, then the read of its keys): a
    // failure between them leaves that chunk durable but not committed.
    expect(rows).toBeGreaterThanOrEqual(offset);
    expect(rows).toBeLessThanOrEqual(offset + byEngine({ pg: 0, mysql: 10 }));
  });

  it('heartbeats through writes slower than the session timeout', async () => {
    // Prepare
    const s = await setupOwn('slow');
    await produce(kafka, s.topic, posts(10));
    const ingest = await loadIngest({
      ...s.env,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      INGEST_BUDGET_MS: '50000',
    });
    await emulatorAdmin(emulator.url, 'POST', 'faults', { latencyMs: 7500 });
    // Act
    const summary = await ingest.handler({}, lambdaContext());
    // Assert
    expect(summary).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 10, inserted: 10 },
    });
  }, 90_000);
});
