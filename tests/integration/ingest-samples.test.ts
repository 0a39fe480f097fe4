import { createHash } from 'node:crypto';
import type { DataApi } from '../../lib/data-api.js';
import {
  type ExpectedEntry,
  NDJSON_SAMPLES,
  readExpectedEntries,
  readNdjsonRecords,
  readSpecialRecords,
} from '../../local/samples.js';
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
const families: Record<string, string> = {
  FederatedPosts: 'federated',
  'Bluesky-Kafka': 'bluesky',
  'Twitter-Kafka': 'twitter',
};

/** Sample topic name → this test's own topic. */
const topicFor = new Map<string, string>();
let db: DataApi;
let dbName: string;
let env: Record<string, string>;

const postsSql = {
  name: 'testReadPosts',
  sql: `SELECT source_site, original_post_id, foreign_author, content_type,
          image_url, caption, created_at, user_id FROM posts
        WHERE source_site IS NOT NULL ORDER BY post_id`,
};

beforeAll(async () => {
  ({ db, name: dbName } = await createTestDatabase('samples'));
  await seedTestUsers(db, 3);
  for (const sample of NDJSON_SAMPLES) {
    topicFor.set(sample.topic, await createTestTopic(kafka, 'samples'));
  }
  const records = [
    ...NDJSON_SAMPLES.flatMap((s) => readNdjsonRecords(s.file, s.topic)),
    ...readSpecialRecords(),
  ];
  for (const [sampleTopic, topic] of topicFor) {
    const ofTopic = records.filter((r) => r.topic === sampleTopic);
    await produce(
      kafka,
      topic,
      ofTopic.map(({ key, value }) => ({ key, value })),
    );
  }
  const pins = [...topicFor].map(
    ([sample, topic]) => `${topic}=${families[sample]}`,
  );
  env = {
    SITE_ID: 'tidepool',
    INGEST_TOPICS: [...topicFor.values()].join(','),
    TOPIC_FAMILIES: pins.join(','),
    KAFKA_GROUP_ID: `test-group-${uid()}`,
  };
});

function expectedCounts(entries: readonly ExpectedEntry[]) {
  const count = (o: string) => entries.filter((e) => e.outcome === o).length;
  return {
    consumed: entries.length,
    inserted: count('inserted'),
    duplicate: count('duplicate'),
    skipped_own_site: count('skipped_own_site'),
    quarantined: count('quarantined'),
  };
}

describe('ingest on the shared samples', () => {
  it('stores exactly the outcomes of expected.json, then a rerun changes nothing', async () => {
    // Prepare
    const expected = readExpectedEntries();
    const ingest = await loadIngest({ ...env, DB_NAME: dbName });

    // Act
    const first = await ingest.handler({}, lambdaContext());
    const rows = await db.query(postsSql);
    const second = await ingest.handler({}, lambdaContext());
    const rowsAfter = await db.query(postsSql);

    // Assert: counts
    expect(first.endReason).toBe('drained');
    expect(first.counts).toMatchObject(expectedCounts(expected));
    expect(second.counts.consumed).toBe(0);
    expect(rowsAfter).toEqual(rows);
    // Assert: every inserted post with its stored fields
    const inserted = expected.filter((e) => e.outcome === 'inserted');
    expect(rows).toHaveLength(inserted.length);
    const byKey = new Map(rows.map((r) => [JSON.stringify([r[0], r[1]]), r]));
    for (const e of inserted) {
      const row = byKey.get(JSON.stringify(e.key));
      expect({ line: `${e.file}:${e.line}`, found: row !== undefined }).toEqual(
        { line: `${e.file}:${e.line}`, found: true },
      );
      if (!row) continue;
      const [, , author, type, image, text, createdAt, userId] = row;
      expect({ author, type, image }).toEqual({
        author: e.author_name,
        type: e.content_type,
        image: e.image_url,
      });
      expect(createHash('sha256').update(String(text)).digest('hex')).toBe(
        e.text_sha256,
      );
      if (e.created_at) {
        expect(Date.parse(`${String(createdAt).replace(' ', 'T')}Z`)).toBe(
          Date.parse(e.created_at),
        );
      }
      expect(userId).not.toBeNull();
    }
  });

  it('keeps each quarantined record whole with its reason at its offset', async () => {
    // Prepare
    const expected = readExpectedEntries().filter(
      (e) => e.outcome === 'quarantined',
    );
    // Act
    const rows = await db.query({
      name: 'testReadQuarantine',
      sql: 'SELECT topic, kafka_offset, reason, raw_value, value_encoding FROM ingest_quarantine ORDER BY topic, kafka_offset',
    });
    // Assert
    expect(rows).toHaveLength(expected.length);
    const reasons = rows.map((r) => r[2]).sort();
    expect(reasons).toEqual(expected.map((e) => e.reason).sort());
    for (const [topic, offset, reason, raw, encoding] of rows) {
      const sampleTopic = [...topicFor].find(([, t]) => t === topic)?.[0];
      expect(sampleTopic).toBeDefined();
      if (encoding === 'null') expect(raw).toBeNull();
      if (reason === 'not_utf8') expect(encoding).toBe('base64');
      expect(Number(offset)).toBeGreaterThanOrEqual(0);
    }
  });

  it('replays the same records under a new group as duplicates, adding no rows', async () => {
    // Prepare
    const ingest = await loadIngest({
      ...env,
      DB_NAME: dbName,
      KAFKA_GROUP_ID: `test-replay-${uid()}`,
    });
    const before = await db.query(postsSql);
    // Act
    const replay = await ingest.handler({}, lambdaContext());
    // Assert
    expect(replay.counts.inserted).toBe(0);
    expect(replay.counts.duplicate).toBe(54 + 4);
    expect(await db.query(postsSql)).toEqual(before);
  });
});
