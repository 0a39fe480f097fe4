import type { DataApi } from '../../lib/data-api.js';
import {
  countQuarantineByReason,
  getQuarantine,
  listQuarantine,
} from '../../lib/quarantine.js';
import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadIngest,
  seedTestUsers,
  testKafka,
  uid,
} from '../helpers/integration.js';

const kafka = testKafka();
const post = (id: string, text: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'g58',
    post_uuid_within_site: id,
    post_text: text,
  });
const notUtf8 = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
// 210,000 code points, 490,000 bytes: read back in several Data API calls.
const longText = 'é😀a'.repeat(70_000);

async function ingestBrokenRecords(): Promise<{ db: DataApi }> {
  const topic = await createTestTopic(kafka, 'quarantine-list');
  const { db, name } = await createTestDatabase('quarantine_list');
  await seedTestUsers(db, 3);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: [
      { key: 'k0', value: '{"not json' },
      { value: post('p1', 'x'.repeat(50)), headers: { trace: 'abc' } },
      { key: Buffer.from([0x00, 0x01]), value: notUtf8 },
      { value: post('p3', 'short') },
      { value: post('p4', longText) },
    ],
  });
  await producer.disconnect();
  const ingest = await loadIngest({
    INGEST_TOPICS: topic,
    DB_NAME: name,
    KAFKA_GROUP_ID: `quarantine-${uid()}`,
    MAX_TEXT_CHARS: '20',
  });
  const summary = await ingest.handler({}, lambdaContext());
  expect(summary.counts).toMatchObject({ inserted: 1, quarantined: 4 });
  return { db };
}

describe('quarantine inspection', () => {
  it('lists, pages, counts and shows what ingest quarantined', async () => {
    // Prepare
    const { db } = await ingestBrokenRecords();
    // Act
    const all = await listQuarantine(db, { limit: 10 });
    const first = await listQuarantine(db, { limit: 2 });
    const rest = await listQuarantine(db, {
      limit: 10,
      afterId: first.at(-1)?.id ?? '',
    });
    const tooLong = await listQuarantine(db, {
      reason: 'text_too_long',
      limit: 10,
    });
    const counts = await countQuarantineByReason(db);
    // Assert
    expect(all.map((q) => [q.offset, q.reason, q.valueEncoding])).toEqual([
      ['0', 'invalid_json', 'utf8'],
      ['1', 'text_too_long', 'utf8'],
      ['2', 'not_utf8', 'base64'],
      ['4', 'text_too_long', 'utf8'],
    ]);
    expect(all.map((q) => q.valueBytes)).toEqual([
      Buffer.byteLength('{"not json'),
      Buffer.byteLength(post('p1', 'x'.repeat(50))),
      notUtf8.length,
      Buffer.byteLength(post('p4', longText)),
    ]);
    const [oldest] = all;
    expect(
      Math.abs(Date.parse(oldest?.quarantinedAt ?? '') - Date.now()),
    ).toBeLessThan(5 * 60_000);
    expect(oldest?.detail).not.toBe('');
    expect(first).toEqual(all.slice(0, 2));
    expect(rest).toEqual(all.slice(2));
    expect(tooLong.map((q) => q.offset)).toEqual(['1', '4']);
    expect(counts).toEqual([
      { reason: 'text_too_long', count: 2 },
      { reason: 'invalid_json', count: 1 },
      { reason: 'not_utf8', count: 1 },
    ]);
  });

  it('pages through more than nine records in id order, each once', async () => {
    // Prepare: ids 1–12, where text order would put 10 before 2.
    const topic = await createTestTopic(kafka, 'quarantine-pages');
    const { db, name } = await createTestDatabase('quarantine_pages');
    await seedTestUsers(db, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 12 }, (_, i) => ({ value: `{"bad ${i}` })),
    });
    await producer.disconnect();
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `quarantine-pages-${uid()}`,
    });
    await ingest.handler({}, lambdaContext());
    // Act
    const seen: string[] = [];
    for (let afterId: string | undefined, page = 0; page < 5; page += 1) {
      const rows = await listQuarantine(db, { limit: 5, afterId });
      if (rows.length === 0) break;
      seen.push(...rows.map((q) => q.id));
      afterId = rows.at(-1)?.id;
    }
    // Assert
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
  });

  it('shows a whole record: key, headers and value in their encodings', async () => {
    // Prepare
    const { db } = await ingestBrokenRecords();
    const ids = (await listQuarantine(db, { limit: 10 })).map((q) => q.id);
    // Act
    const [json, withHeader, binary, long] = await Promise.all(
      ids.map((id) => getQuarantine(db, id)),
    );
    const absent = await getQuarantine(db, '999999999');
    const notAnId = await getQuarantine(db, 'x; DROP TABLE posts');
    // Assert
    expect(json).toMatchObject({
      key: 'k0',
      keyEncoding: 'utf8',
      value: '{"not json',
      valueEncoding: 'utf8',
      reason: 'invalid_json',
      headers: {},
    });
    expect(withHeader).toMatchObject({
      offset: '1',
      partition: 0,
      key: null,
      keyEncoding: null,
      headers: { trace: { encoding: 'utf8', data: 'abc' } },
      value: post('p1', 'x'.repeat(50)),
      detail: 'text has 50 code points; the limit is 20',
    });
    expect(binary?.keyEncoding).toBe('base64');
    expect(Buffer.from(binary?.key ?? '', 'base64')).toEqual(
      Buffer.from([0x00, 0x01]),
    );
    expect(binary?.valueEncoding).toBe('base64');
    expect(Buffer.from(binary?.value ?? '', 'base64')).toEqual(notUtf8);
    expect(long?.value).toBe(post('p4', longText));
    expect(absent).toBeUndefined();
    expect(notAnId).toBeUndefined();
  });
});
