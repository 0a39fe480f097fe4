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
    post_text: `post ${id}`,
  });

async function countRows(
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'],
  table: 'posts' | 'ingest_quarantine' | 'ingest_runs',
) {
  const where = table === 'posts' ? ' WHERE source_site IS NOT NULL' : '';
  const [[count] = []] = await db.query({
    name: 'testCount',
    sql: `SELECT COUNT(*) FROM ${table}${where}`,
  });
  return Number(count);
}

describe('instalite-bridge ingest', () => {
  it('runs once, prints counts that equal the database and exits 3 for quarantined records', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-ingest', 2);
    const { name, db } = await createTestDatabase('cli_ingest');
    await seedTestUsers(db, 2);
    const values = Array.from({ length: 30 }, (_, i) => flat(`p${i}`));
    await produce(kafka, topic, [
      ...values.map((value, i) => ({ key: `k${i}`, value })),
      { key: 'bad', value: 'not json' },
      { key: 'k0', value: values[0] ?? '' },
    ]);
    // Act
    const outcome = await runCli(['ingest', '--local', '--json'], {
      DB_NAME: name,
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      KAFKA_GROUP_ID: `cli-${uid()}`,
      INGEST_MAX_BATCH_ROWS: '8',
    });
    // Assert
    const summary = jsonOf(outcome);
    expect(outcome.code).toBe(3);
    expect(summary).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 32, inserted: 30, duplicate: 1, quarantined: 1 },
    });
    expect(await countRows(db, 'posts')).toBe(30);
    expect(await countRows(db, 'ingest_quarantine')).toBe(1);
    expect(await countRows(db, 'ingest_runs')).toBe(1);
    expect(summary.partitions).toEqual([
      expect.objectContaining({ lag: '0' }),
      expect.objectContaining({ lag: '0' }),
    ]);
    expect(outcome.stderr).toMatch(
      /^ingest \[#+\] 100% 32\/32 · .*rec\/s.* · lag 0$/m,
    );
  });

  it('exits 0 with nothing to read, and its table shows the end reason', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-ingest-empty');
    const { name, db } = await createTestDatabase('cli_ingest_empty');
    await seedTestUsers(db, 1);
    // Act
    const outcome = await runCli(['ingest', '--local'], {
      DB_NAME: name,
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      KAFKA_GROUP_ID: `cli-${uid()}`,
    });
    // Assert
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/end reason\s+drained/);
    expect(outcome.stdout).toMatch(/consumed\s+0/);
  });

  it('exits 1 with the stack advice when the broker is unreachable', async () => {
    // Prepare
    const { name } = await createTestDatabase('cli_ingest_down');
    // Act
    const outcome = await runCli(['ingest', '--local', '--json'], {
      DB_NAME: name,
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '300',
    });
    // Assert
    expect(outcome.code).toBe(1);
    expect(jsonOf(outcome).error).toMatchObject({
      hint: expect.stringContaining('npm run stack:up'),
    });
  });

  it('refuses a budget beyond a day (a longer timer would fire at once)', async () => {
    // Prepare / Act
    const outcome = await runCli(
      ['ingest', '--local', '--budget-ms', '3000000000'],
      {},
    );
    // Assert
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(
      '--budget-ms must be a whole number from 1000 to 86400000',
    );
  });
});
