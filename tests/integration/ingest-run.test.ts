import { NoLocalUsersError } from '../../lib/errors.js';
import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadIngest,
  loadPublish,
  produce,
  seedTestUsers,
  testKafka,
  uid,
} from '../helpers/integration.js';

const kafka = testKafka();
const flat = (site: string, id: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: site,
    post_uuid_within_site: id,
    post_text: 'hi',
  });

async function committedOffsets(groupId: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.map((p) => p.offset) ?? [];
  } finally {
    await admin.disconnect();
  }
}

describe('ingest runs', () => {
  it('round-trips a post from site alpha to site beta, and alpha skips its own echo', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'roundtrip');
    const beta = await createTestDatabase('beta');
    const alpha = await createTestDatabase('alpha');
    await seedTestUsers(beta.db, 2);
    await seedTestUsers(alpha.db, 2);
    const publish = await loadPublish({
      SITE_ID: 'alpha',
      PUBLISH_TOPIC: topic,
      DB_NAME: alpha.name,
    });
    const common = {
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
    };
    const ingestBeta = await loadIngest({
      ...common,
      SITE_ID: 'beta',
      DB_NAME: beta.name,
      KAFKA_GROUP_ID: `beta-${uid()}`,
    });
    const ingestAlpha = await loadIngest({
      ...common,
      SITE_ID: 'alpha',
      DB_NAME: alpha.name,
      KAFKA_GROUP_ID: `alpha-${uid()}`,
    });
    // Act
    await publish.handler(
      { post_id: 77, username: 'ines', post_text: 'from alpha' },
      lambdaContext(),
    );
    const atBeta = await ingestBeta.handler({}, lambdaContext());
    const atAlpha = await ingestAlpha.handler({}, lambdaContext());
    const rows = await beta.db.query({
      name: 'testRoundTrip',
      sql: 'SELECT source_site, original_post_id, foreign_author, caption FROM posts WHERE source_site IS NOT NULL',
    });
    // Assert
    expect(atBeta.counts).toMatchObject({ consumed: 1, inserted: 1 });
    expect(rows).toEqual([['alpha', '77', 'ines', 'from alpha']]);
    expect(atAlpha.counts).toMatchObject({
      consumed: 1,
      skipped_own_site: 1,
      inserted: 0,
    });
  });

  it('fails before committing any offset when the site has no users', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'nousers');
    const empty = await createTestDatabase('nousers');
    const groupId = `nousers-${uid()}`;
    await produce(kafka, topic, [{ value: flat('g58', '1') }]);
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: empty.name,
      KAFKA_GROUP_ID: groupId,
    });
    // Act
    const run = ingest.handler({}, lambdaContext());
    // Assert
    await expect(run).rejects.toMatchObject({ name: NoLocalUsersError.name });
    expect(await committedOffsets(groupId, topic)).toEqual(['-1']);
  });

  it('fails fast naming a topic that does not exist', async () => {
    // Prepare
    const { db, name } = await createTestDatabase('notopic');
    await seedTestUsers(db, 1);
    const missing = `test-missing-${uid()}`;
    const ingest = await loadIngest({
      INGEST_TOPICS: missing,
      DB_NAME: name,
      KAFKA_GROUP_ID: `g-${uid()}`,
    });
    const started = Date.now();
    // Act
    const run = ingest.handler({}, lambdaContext());
    // Assert
    await expect(run).rejects.toThrow(missing);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('ends an idle run in seconds and commits offsets so the next run reads nothing new', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'idle', 3);
    const { db, name } = await createTestDatabase('idle');
    await seedTestUsers(db, 1);
    const groupId = `idle-${uid()}`;
    const env = {
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: groupId,
    };
    await produce(kafka, topic, [
      { key: 'a', value: flat('g58', 'a') },
      { key: 'b', value: flat('g58', 'b') },
    ]);
    const ingest = await loadIngest(env);
    // Act
    const first = await ingest.handler({}, lambdaContext());
    const started = Date.now();
    const idle = await ingest.handler({}, lambdaContext());
    const idleMs = Date.now() - started;
    // Assert
    expect(first.counts).toMatchObject({ consumed: 2, inserted: 2 });
    expect(idle).toMatchObject({
      endReason: 'drained',
      counts: { consumed: 0 },
    });
    expect(idleMs).toBeLessThan(10_000);
    const offsets = (await committedOffsets(groupId, topic)).filter(
      (o) => o !== '-1',
    );
    expect(offsets.reduce((sum, o) => sum + Number(o), 0)).toBe(2);
  });
});
