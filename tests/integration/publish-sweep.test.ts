import { readFileSync } from 'node:fs';
import { applyMigrations } from '../../lib/migrations.js';
import { classifyEvent } from '../../lib/publish-event.js';
import { testEngine } from '../helpers/data-api-server.js';
import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadPublish,
  readTopic,
  seedTestUsers,
  testKafka,
} from '../helpers/integration.js';
import {
  insertPost,
  publishedAt,
  scheduledEvent,
} from '../helpers/publish-events.js';

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
  return { topic, db, publish };
}

describe('publish (catch-up sweep)', () => {
  it('publishes exactly the missed local posts, once', async () => {
    // Prepare
    const { topic, db, publish } = await publishSite('sweep', {
      PUBLISH_SWEEP_MIN_AGE_SECONDS: '60',
      PUBLISH_SWEEP_LOOKBACK_HOURS: '24',
    });
    const missed = [await insertPost(db), await insertPost(db)];
    const done = await insertPost(db);
    await publish.handler({ post_id: done, username: 'u' }, lambdaContext());
    await insertPost(db, { sourceSite: 'harbor-7' });
    await insertPost(db, { ageSeconds: 0 });
    await insertPost(db, { ageSeconds: 3 * 24 * 3600 });
    // Act
    const first = await publish.handler(scheduledEvent(), lambdaContext());
    const second = await publish.handler(scheduledEvent(), lambdaContext());
    const records = await readTopic(kafka, topic, 3);
    // Assert
    expect(first).toMatchObject({ found: 2, sent: 2, failed: 0 });
    expect(second).toMatchObject({ found: 0, sent: 0 });
    expect(records.map((r) => r.key?.toString())).toEqual([done, ...missed]);
    expect(await publishedAt(db, missed)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('leaves a post unmarked when the broker cannot take it', async () => {
    // Prepare
    const { db, publish } = await publishSite('sweepdown', {
      PUBLISH_SWEEP_MIN_AGE_SECONDS: '0',
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '200',
      PUBLISH_TIMEOUT_MS: '2000',
    });
    const id = await insertPost(db);
    // Act
    const result = await publish.handler(scheduledEvent(), lambdaContext());
    // Assert
    expect(result).toMatchObject({ found: 1, sent: 0, failed: 1 });
    expect(await publishedAt(db, [id])).toEqual([null]);
  });
});

// The optional Aurora trigger's payload, built by the database itself: the
// invoke (aws_lambda / lambda_async) cannot run here, the payload can.
const payloadSql = {
  postgres: {
    file: 'schema/postgres/optional/publish_payload.sql',
    select: `SELECT instalite_publish_payload(p)::text FROM posts p
             WHERE post_id = :id::bigint`,
  },
  mysql: {
    file: 'schema/mysql/optional/publish_payload.sql',
    select: `SELECT CAST(instalite_publish_payload(post_id, user_id,
               source_site, created_at) AS CHAR) FROM posts
             WHERE post_id = :id`,
  },
}[testEngine() === 'mysql' ? 'mysql' : 'postgres'];

describe('publish (optional Aurora trigger)', () => {
  it('accepts the payload the database builds for a new row', async () => {
    // Prepare
    const { topic, db, publish } = await publishSite('dbtrigger');
    const sql = readFileSync(payloadSql.file, 'utf8');
    await applyMigrations(db, [{ name: 'optional/publish_payload', sql }]);
    const id = await insertPost(db, { caption: 'from a trigger' });
    const [[text] = []] = await db.query(
      { name: 'testPayload', sql: payloadSql.select },
      { id },
    );
    const payload: unknown = JSON.parse(String(text));
    // Act
    const result = await publish.handler(payload, lambdaContext());
    const records = await readTopic(kafka, topic, 1);
    // Assert
    expect(classifyEvent(payload)).toEqual({
      kind: 'database',
      refs: [{ index: 0, postId: id }],
    });
    expect(result).toMatchObject({ sent: 1 });
    expect(JSON.parse(String(records[0]?.value))).toMatchObject({
      post_uuid_within_site: id,
      post_text: 'from a trigger',
    });
  });

  it('fails so Lambda retries when the row is not visible yet', async () => {
    // Prepare
    const { publish } = await publishSite('dbtriggerlate');
    const payload = { trigger: 'posts_insert', post: { post_id: '987654' } };
    // Act
    const act = publish.handler(payload, lambdaContext());
    // Assert
    await expect(act).rejects.toMatchObject({
      name: 'PublishIncompleteError',
      retriable: true,
      postIds: ['987654'],
    });
  });
});
