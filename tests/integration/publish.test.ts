import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadPublish,
  readTopic,
  seedTestUsers,
  testKafka,
  uid,
} from '../helpers/integration.js';
import { insertPost, publishedAt } from '../helpers/publish-events.js';

const kafka = testKafka();

/** A topic, a migrated database with users, and publish cold-started on them. */
async function publishSite(purpose: string, env: Record<string, string> = {}) {
  const topic = await createTestTopic(kafka, purpose);
  const { name, db } = await createTestDatabase(purpose);
  await seedTestUsers(db, 2);
  const publish = await loadPublish({
    SITE_ID: 'tidepool',
    PUBLISH_TOPIC: topic,
    DB_NAME: name,
    ...env,
  });
  return { topic, db, name, publish };
}

describe('publish (direct invoke)', () => {
  it('sends valid posts in the outbound format and reports invalid ones alone', async () => {
    // Prepare
    const { topic, publish } = await publishSite('publish');
    const id = String(Date.now());
    // Act
    const result = await publish.handler(
      [
        {
          post_id: id,
          username: 'ines',
          post_text: 'hi 🐚',
          image_url: 'https://h.example/a.jpg',
          source_site: 'tidepool',
        },
        { post_id: 'not-a-number', username: '' },
        { post_id: Number(id) + 1, username: 'tomasz', caption: 'pier' },
      ],
      lambdaContext(),
    );
    const records = await readTopic(kafka, topic, 2);
    // Assert
    expect(result).toMatchObject({ sent: 2, invalid: 1, failed: 0 });
    expect(result.results[1]).toMatchObject({
      status: 'invalid',
      errors: expect.arrayContaining([expect.stringContaining('post_id')]),
    });
    expect(records.map((r) => r.key?.toString())).toEqual([
      id,
      String(Number(id) + 1),
    ]);
    expect(JSON.parse(String(records[0]?.value))).toEqual({
      username: 'ines',
      source_site: 'tidepool',
      post_uuid_within_site: id,
      post_text: 'hi 🐚',
      content_type: 'image',
      attach: 'https://h.example/a.jpg',
    });
    expect(String(records[0]?.headers['content-type'])).toBe(
      'application/json',
    );
  });

  it('never sends a foreign post, and marks the local posts it sent', async () => {
    // Prepare
    const { topic, db, publish } = await publishSite('guard');
    const local = await insertPost(db);
    const ingested = await insertPost(db, { sourceSite: 'harbor-7' });
    // Act
    const result = await publish.handler(
      [
        { post_id: local, username: 'ines', post_text: 'mine' },
        { post_id: ingested, username: 'ines', post_text: 'theirs' },
        { post_id: 999_001, username: 'ines', source_site: 'harbor-7' },
      ],
      lambdaContext(),
    );
    const again = await publish.handler(
      { post_id: local, username: 'ines', post_text: 'mine' },
      lambdaContext(),
    );
    const records = await readTopic(kafka, topic, 1);
    // Assert
    expect(result.results.map((r) => r.status)).toEqual([
      'sent',
      'skipped_foreign',
      'skipped_foreign',
    ]);
    expect(again.results[0]?.status).toBe('already_published');
    expect(records.map((r) => r.key?.toString())).toEqual([local]);
    expect(await publishedAt(db, [local, ingested])).toEqual([
      expect.any(String),
      null,
    ]);
  });

  it('fails an oversized post alone, whether we or the broker catch it', async () => {
    // Prepare: a limit above the broker's (1 MiB) lets the broker refuse.
    const { topic, name, publish } = await publishSite('oversize');
    const lenient = await loadPublish({
      SITE_ID: 'tidepool',
      PUBLISH_TOPIC: topic,
      DB_NAME: name,
      PUBLISH_MAX_MESSAGE_BYTES: String(4 * 1024 * 1024),
    });
    const big = 'x'.repeat(1_200_000);
    const posts = (base: number) => [
      { post_id: base, username: 'ines', post_text: big },
      { post_id: base + 1, username: 'ines', post_text: 'small' },
    ];
    // Act
    const ours = await publish.handler(posts(1), lambdaContext());
    const brokers = await lenient.handler(posts(3), lambdaContext());
    const records = await readTopic(kafka, topic, 2);
    // Assert
    expect(ours.results[0]).toMatchObject({
      status: 'invalid',
      errors: [expect.stringMatching(/is \d+ bytes .* limit is 1000000 bytes/)],
    });
    expect(brokers.results[0]).toMatchObject({
      status: 'failed',
      retriable: false,
    });
    expect([ours.results[1]?.status, brokers.results[1]?.status]).toEqual([
      'sent',
      'sent',
    ]);
    expect(records.map((r) => r.key?.toString())).toEqual(['2', '4']);
  });

  it('connects once for 100 concurrent invocations of one warm module', async () => {
    // Prepare
    const { topic, publish } = await publishSite('warm', { LOG_LEVEL: 'info' });
    const lines: string[] = [];
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    // Act
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        publish.handler(
          { post_id: i + 1, username: `u${uid()}`, post_text: 'x' },
          lambdaContext(),
        ),
      ),
    ).finally(() => write.mockRestore());
    const connects = lines.filter((l) =>
      l.includes('"message":"Kafka producer connected"'),
    );
    // Assert
    expect(results.every((r) => r.sent === 1)).toBe(true);
    expect(connects).toHaveLength(1);
    expect(await readTopic(kafka, topic, 100)).toHaveLength(100);
  });

  it('reports a retriable failure per post when the broker cannot be reached', async () => {
    // Prepare
    const { publish } = await publishSite('nobroker', {
      PUBLISH_TOPIC: 'nowhere',
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '200',
    });
    // Act
    const result = await publish.handler(
      { post_id: 1, username: 'a', post_text: 'x' },
      lambdaContext(),
    );
    // Assert
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      retriable: true,
    });
  });
});
