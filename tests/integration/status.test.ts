import { describeGroupLag } from '../../lib/kafka-lag.js';
import { listRecentRuns } from '../../lib/run-history.js';
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

const kafka = testKafka();
const post = (id: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'g58',
    post_uuid_within_site: id,
    post_text: `post ${id}`,
  });

async function produceTo(topic: string, partition: number, count: number) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: count }, () => ({
      value: post(uid()),
      partition,
    })),
  });
  await producer.disconnect();
}

describe('consumer group lag', () => {
  it('reports produced minus consumed per partition, and missing topics', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'lag', 2);
    const { name, db } = await createTestDatabase('lag');
    await seedTestUsers(db, 1);
    await produceTo(topic, 0, 3);
    await produceTo(topic, 1, 2);
    const groupId = `lag-${uid()}`;
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: groupId,
    });
    const run = await ingest.handler({}, lambdaContext());
    await produceTo(topic, 0, 1);
    await produceTo(topic, 1, 3);
    const missing = `test-missing-${uid()}`;
    // Act
    const lag = await describeGroupLag(kafka, groupId, [topic, missing]);
    const fresh = await describeGroupLag(kafka, `never-${uid()}`, [topic]);
    // Assert
    expect(run.counts.consumed).toBe(5);
    expect(lag).toEqual({
      groupId,
      totalLag: '4',
      topics: [
        {
          topic,
          isMissing: false,
          partitions: [
            { partition: 0, low: '0', high: '4', committed: '3', lag: '1' },
            { partition: 1, low: '0', high: '5', committed: '2', lag: '3' },
          ],
        },
        { topic: missing, isMissing: true, partitions: [] },
      ],
    });
    expect(fresh.topics[0]?.partitions.map((p) => p.committed)).toEqual([
      null,
      null,
    ]);
    expect(fresh.totalLag).toBe('9');
    const admin = kafka.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics).not.toContain(missing);
  });
});

describe('run history', () => {
  it('lists recent runs newest first, with counts, duration and details', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'history');
    const { name, db } = await createTestDatabase('history');
    await seedTestUsers(db, 1);
    await produce(kafka, topic, [
      { value: post('a') },
      { value: post('b') },
      { value: '{"broken' },
    ]);
    const env = {
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `history-${uid()}`,
    };
    const first = await (await loadIngest(env)).handler({}, lambdaContext());
    const second = await (await loadIngest(env)).handler({}, lambdaContext());
    // Act
    const runs = await listRecentRuns(db, 10);
    const newest = await listRecentRuns(db, 1);
    // Assert
    expect(runs.map((r) => r.runId)).toEqual([second.runId, first.runId]);
    expect(newest.map((r) => r.runId)).toEqual([second.runId]);
    const [, older] = runs;
    expect(older).toMatchObject({
      startedAt: first.startedAt,
      endedAt: first.endedAt,
      durationMs: Date.parse(first.endedAt) - Date.parse(first.startedAt),
      endReason: 'drained',
      counts: {
        consumed: 3,
        inserted: 2,
        duplicate: 0,
        skipped_own_site: 0,
        quarantined: 1,
      },
      reasons: { invalid_json: 1 },
      partitions: [{ topic, partition: 0, position: '3', lag: '0' }],
      dataApiCalls: first.dataApiCalls,
      error: null,
    });
  });

  it('shows a failed run with its error', async () => {
    // Prepare: no local users, so the run fails before consuming.
    const topic = await createTestTopic(kafka, 'history-failed');
    const { name, db } = await createTestDatabase('history_failed');
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `history-${uid()}`,
    });
    await expect(ingest.handler({}, lambdaContext())).rejects.toMatchObject({
      name: 'NoLocalUsersError',
    });
    // Act
    const [run] = await listRecentRuns(db, 5);
    // Assert
    expect(run?.endReason).toBe('error');
    expect(run?.error).toMatch(/^NoLocalUsersError: /);
    expect(run?.counts.consumed).toBe(0);
  });

  it('keeps each try of a retried invocation (same request id) as its own run', async () => {
    // Prepare: Lambda retries an async event under the same request id.
    const topic = await createTestTopic(kafka, 'history-retry');
    const { name, db } = await createTestDatabase('history_retry');
    await produceTo(topic, 0, 2);
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `history-${uid()}`,
    });
    const context = lambdaContext();
    await expect(ingest.handler({}, context)).rejects.toMatchObject({
      name: 'NoLocalUsersError',
    });
    await seedTestUsers(db, 1);
    // Act
    const retried = await ingest.handler({}, context);
    const runs = await listRecentRuns(db, 5);
    // Assert
    expect(runs.map((r) => r.endReason)).toEqual(['drained', 'error']);
    expect(runs[0]?.runId).toBe(retried.runId);
    expect(runs[0]?.counts.inserted).toBe(2);
    for (const run of runs)
      expect(run.runId.startsWith(`${context.awsRequestId}.`)).toBe(true);
  });

  it('records a run that fails reading its Kafka secret', async () => {
    // Prepare: Kafka auth whose secret cannot be read (nothing listens).
    const topic = await createTestTopic(kafka, 'history-secret');
    const { name, db } = await createTestDatabase('history_secret');
    await seedTestUsers(db, 1);
    const secretArn =
      'arn:aws:secretsmanager:us-east-1:000000000000:secret:history-kafka';
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `history-${uid()}`,
      KAFKA_AUTH: 'scram-sha-512',
      KAFKA_TLS: 'false',
      KAFKA_SECRET_ARN: secretArn,
      SECRETS_MANAGER_ENDPOINT: 'http://127.0.0.1:1',
    });
    // Act
    const failure = await ingest
      .handler({}, lambdaContext())
      .catch((error: unknown) => error);
    const [run] = await listRecentRuns(db, 5);
    // Assert
    expect(failure).toBeInstanceOf(Error);
    expect(run?.endReason).toBe('error');
    expect(run?.error).toContain(secretArn);
  });
});
