import {
  createTestTopic,
  lambdaContext,
  loadPublish,
  readTopic,
  testKafka,
  uid,
} from '../helpers/integration.js';

const kafka = testKafka();

describe('publish (direct invoke)', () => {
  it('sends valid posts in the outbound format and reports invalid ones alone', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'publish');
    const publish = await loadPublish({
      SITE_ID: 'tidepool',
      PUBLISH_TOPIC: topic,
    });
    const id = String(Date.now());
    // Act
    const result = await publish.handler(
      [
        {
          post_id: id,
          username: 'ines',
          post_text: 'hi 🐚',
          image_url: 'https://h.example/a.jpg',
          source_site: 'spoofed',
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

  it('reuses one producer across warm invocations', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'warm');
    const publish = await loadPublish({
      SITE_ID: 'tidepool',
      PUBLISH_TOPIC: topic,
    });
    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        publish.handler(
          { post_id: i + 1, username: `u${uid()}`, post_text: 'x' },
          lambdaContext(),
        ),
      ),
    );
    // Assert
    expect(results.every((r) => r.sent === 1)).toBe(true);
    expect(await readTopic(kafka, topic, 10)).toHaveLength(10);
  });

  it('reports a retriable failure per post when the broker cannot be reached', async () => {
    // Prepare
    const publish = await loadPublish({
      SITE_ID: 'tidepool',
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
