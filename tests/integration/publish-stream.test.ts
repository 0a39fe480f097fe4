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
  capturedStreamEvent,
  insertPost,
  insertRecord,
  publishedAt,
} from '../helpers/publish-events.js';

const kafka = testKafka();

async function publishSite(purpose: string) {
  const topic = await createTestTopic(kafka, purpose);
  const { name, db } = await createTestDatabase(purpose);
  await seedTestUsers(db, 1);
  const publish = await loadPublish({
    SITE_ID: 'tidepool',
    PUBLISH_TOPIC: topic,
    DB_NAME: name,
  });
  const [[username] = []] = await db.query({
    name: 'testAuthor',
    sql: 'SELECT username FROM users ORDER BY user_id LIMIT 1',
  });
  return { topic, db, publish, username: String(username) };
}

describe('publish (DynamoDB Streams)', () => {
  it('publishes an INSERT from its row, author from users, and ignores MODIFY and REMOVE', async () => {
    // Prepare
    const { topic, db, publish, username } = await publishSite('stream');
    const id = await insertPost(db, {
      caption: 'from the row',
      imageUrl: 'https://img.tidepool.example/p/1.jpg',
    });
    const captured = capturedStreamEvent().Records;
    const event = {
      Records: [
        insertRecord(id, '900', { caption: { S: 'from the image' } }),
        ...captured.slice(1),
      ],
    };
    // Act
    const response = await publish.handler(event, lambdaContext());
    const records = await readTopic(kafka, topic, 1);
    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(records.map((r) => r.key?.toString())).toEqual([id]);
    expect(JSON.parse(String(records[0]?.value))).toEqual({
      username,
      source_site: 'tidepool',
      post_uuid_within_site: id,
      post_text: 'from the row',
      content_type: 'image',
      attach: 'https://img.tidepool.example/p/1.jpg',
    });
    expect(await publishedAt(db, [id])).toEqual([expect.any(String)]);
  });

  it('reports only the bad record of a batch, by its sequence number', async () => {
    // Prepare
    const { topic, db, publish } = await publishSite('streambad');
    const first = await insertPost(db);
    const last = await insertPost(db);
    const broken = await insertPost(db, { imageUrl: 'javascript:alert(1)' });
    const event = {
      Records: [
        insertRecord(first, '101'),
        insertRecord('999999999', '102'),
        insertRecord(broken, '103'),
        insertRecord(last, '104'),
      ],
    };
    // Act
    const response = await publish.handler(event, lambdaContext());
    const records = await readTopic(kafka, topic, 2);
    // Assert
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: '102' },
      { itemIdentifier: '103' },
    ]);
    expect(records.map((r) => r.key?.toString()).sort()).toEqual(
      [first, last].sort(),
    );
  });

  it('never republishes an ingested post, nor one already published', async () => {
    // Prepare
    const { topic, db, publish } = await publishSite('streamforeign');
    const ingested = await insertPost(db, { sourceSite: 'harbor-7' });
    const local = await insertPost(db);
    const batch = {
      Records: [
        insertRecord(ingested, '201'),
        insertRecord(ingested, '202', { source_site: { S: 'harbor-7' } }),
        insertRecord(local, '203'),
      ],
    };
    // Act: Lambda retries a batch from a failed record: a replay sends nothing.
    const first = await publish.handler(batch, lambdaContext());
    const replay = await publish.handler(batch, lambdaContext());
    const marker = await insertPost(db);
    await publish.handler(
      { Records: [insertRecord(marker, '204')] },
      lambdaContext(),
    );
    const records = await readTopic(kafka, topic, 2);
    // Assert
    expect(first.batchItemFailures).toEqual([]);
    expect(replay.batchItemFailures).toEqual([]);
    expect(records.map((r) => r.key?.toString())).toEqual([local, marker]);
    expect(await publishedAt(db, [ingested])).toEqual([null]);
  });
});
