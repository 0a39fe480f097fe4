import { jsonOf, runCli } from '../helpers/cli-process.js';
import {
  createTestDatabase,
  createTestTopic,
  produce,
  seedTestUsers,
  testKafka,
  uid,
} from '../helpers/integration.js';

const kafka = testKafka();
const flat = (id: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'elsewhere',
    post_uuid_within_site: id,
    post_text: 'hi',
  });
const records = (ids: readonly string[]) =>
  ids.map((id) => ({ key: id, value: flat(id) }));

describe('instalite-bridge status', () => {
  it('shows lag equal to produced minus consumed, the last run and quarantine by reason', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-status');
    const { name, db } = await createTestDatabase('cli_status');
    await seedTestUsers(db, 1);
    const env = {
      DB_NAME: name,
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      KAFKA_GROUP_ID: `cli-${uid()}`,
    };
    await produce(kafka, topic, [
      ...records(['a', 'b', 'c', 'd']),
      { key: 'x', value: '{oops' },
    ]);
    const ingest = await runCli(['ingest', '--local', '--json'], env);
    await produce(kafka, topic, records(['e', 'f', 'g']));
    // Act
    const outcome = await runCli(['status', '--local', '--json'], env);
    // Assert
    const status = jsonOf(outcome);
    expect(jsonOf(ingest).counts).toMatchObject({ consumed: 5 });
    expect(outcome.code).toBe(3);
    expect(status.lag).toMatchObject({
      totalLag: '3',
      topics: [
        {
          topic,
          isMissing: false,
          partitions: [{ partition: 0, high: '8', committed: '5', lag: '3' }],
        },
      ],
    });
    expect(status.runs).toEqual([
      expect.objectContaining({
        endReason: 'drained',
        counts: expect.objectContaining({ consumed: 5, inserted: 4 }),
      }),
    ]);
    expect(status.quarantine).toEqual({
      total: 1,
      byReason: [{ reason: 'invalid_json', count: 1 }],
    });
    expect(status.problems).toEqual([]);
  });

  it('exits 0 with nothing to look at, and prints tables on stdout', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-status-calm');
    const { name } = await createTestDatabase('cli_status_calm');
    // Act
    const outcome = await runCli(['status', '--local'], {
      DB_NAME: name,
      INGEST_TOPICS: topic,
      KAFKA_GROUP_ID: `cli-${uid()}`,
    });
    // Assert
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(
      new RegExp(`${topic}\\s+0\\s+0\\s+0\\s+-\\s+0`),
    );
    expect(outcome.stdout).toContain('Recent runs: none yet');
    expect(outcome.stdout).toContain('Quarantine: 0 record(s)');
  });

  it('reports an unreachable broker with advice, still shows the database, and exits 1', async () => {
    // Prepare
    const { name } = await createTestDatabase('cli_status_down');
    // Act
    const outcome = await runCli(['status', '--local', '--json'], {
      DB_NAME: name,
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '300',
    });
    // Assert
    const status = jsonOf(outcome);
    expect(outcome.code).toBe(1);
    expect(status.problems).toEqual([
      expect.objectContaining({
        part: 'kafka',
        hint: expect.stringContaining('npm run stack:up'),
      }),
    ]);
    expect(status.runs).toEqual([]);
    expect(status.lag).toBeNull();
  });
});
