import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadPublish,
  readTopic,
  seedTestUsers,
  testKafka,
} from '../helpers/integration.js';
import { httpEvent } from '../helpers/publish-events.js';

const kafka = testKafka();

async function publishSite(purpose: string, env: Record<string, string> = {}) {
  const topic = await createTestTopic(kafka, purpose);
  const { name, db } = await createTestDatabase(purpose);
  await seedTestUsers(db, 1);
  const publish = await loadPublish({
    SITE_ID: 'tidepool',
    PUBLISH_TOPIC: topic,
    DB_NAME: name,
    ...env,
  });
  return { topic, publish };
}

async function recordCount(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

const bodyOf = (response: { body?: string }): unknown =>
  JSON.parse(response.body ?? 'null');

describe('publish (HTTP API)', () => {
  it('answers 202 with a result per post for a base64 body', async () => {
    // Prepare
    const { topic, publish } = await publishSite('http');
    const posts = [
      { post_id: '41', username: 'ines', post_text: 'Tide’s out 🐚' },
      { post_id: '42', username: 'rhea', source_site: 'harbor-7' },
    ];
    // Act
    const response = await publish.handler(
      httpEvent(JSON.stringify({ posts }), { base64: true }),
      lambdaContext(),
    );
    const records = await readTopic(kafka, topic, 1);
    // Assert
    expect(response.statusCode).toBe(202);
    expect(response.headers).toMatchObject({
      'content-type': 'application/json',
    });
    expect(bodyOf(response)).toEqual({
      topic,
      sent: 1,
      invalid: 0,
      skipped: 1,
      failed: 0,
      results: [
        { index: 0, post_id: '41', status: 'sent' },
        { index: 1, post_id: '42', status: 'skipped_foreign' },
      ],
    });
    expect(JSON.parse(String(records[0]?.value))).toMatchObject({
      post_text: 'Tide’s out 🐚',
      source_site: 'tidepool',
    });
  });

  it('answers 400 with every reason and sends nothing when a post is invalid', async () => {
    // Prepare
    const { topic, publish } = await publishSite('http400');
    const posts = [
      { post_id: '1', username: 'ines', post_text: 'fine' },
      { post_id: 'x', username: '', image_url: 'ftp://h.example/a.jpg' },
    ];
    // Act
    const response = await publish.handler(
      httpEvent(JSON.stringify(posts)),
      lambdaContext(),
    );
    // Assert
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toMatchObject({
      error: 'invalid_request',
      issues: [
        {
          index: 1,
          post_id: 'x',
          errors: [
            expect.stringContaining('post_id'),
            expect.stringContaining('username'),
            expect.stringContaining('image_url'),
          ],
        },
      ],
    });
    expect(await recordCount(topic)).toBe(0);
  });

  it.each([
    ['no body', undefined],
    ['a body that is not JSON', '{"post_id": '],
    ['an empty list', '[]'],
  ])('answers 400 to %s', async (_label, body) => {
    // Prepare
    const { publish } = await publishSite('http400b');
    // Act
    const response = await publish.handler(httpEvent(body), lambdaContext());
    // Assert
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 413 to a body over the limit, counting decoded bytes', async () => {
    // Prepare
    const { topic, publish } = await publishSite('http413', {
      PUBLISH_MAX_BODY_BYTES: '1024',
    });
    const body = JSON.stringify({
      post_id: 1,
      username: 'a',
      post_text: 'é'.repeat(600),
    });
    // Act
    const response = await publish.handler(
      httpEvent(body, { base64: true }),
      lambdaContext(),
    );
    // Assert
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response)).toMatchObject({ error: 'payload_too_large' });
    expect(await recordCount(topic)).toBe(0);
  });

  it('answers 503 with Retry-After and no internals when Kafka is unreachable', async () => {
    // Prepare
    const { publish } = await publishSite('http503', {
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '200',
      PUBLISH_TIMEOUT_MS: '3000',
    });
    const started = Date.now();
    // Act
    const response = await publish.handler(
      httpEvent('{"post_id":"7","username":"ines","post_text":"x"}'),
      lambdaContext(),
    );
    // Assert
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '5' });
    expect(response.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|KafkaJS/);
    expect(bodyOf(response)).toMatchObject({
      results: [{ status: 'failed', retriable: true }],
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
