import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import type { DataApi } from '../../lib/data-api.js';
import {
  countQuarantineByReason,
  getQuarantine,
  listQuarantine,
  replayQuarantine,
} from '../../lib/quarantine.js';
import { insertPosts, listUserIds } from '../../lib/store.js';
import { specDecodeSettings } from '../helpers/decode-settings.js';
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
const post = (id: string, text: string, site = 'g58') =>
  JSON.stringify({
    username: 'lin',
    source_site: site,
    post_uuid_within_site: id,
    post_text: text,
  });
const longText = 'x'.repeat(50);

/** Produce `messages` to a new topic and ingest them with `env`. */
async function ingested(
  messages: Message[],
  env: (topic: string) => Record<string, string> = () => ({}),
) {
  const topic = await createTestTopic(kafka, 'replay');
  const { db, name } = await createTestDatabase('replay');
  await seedTestUsers(db, 3);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  const ingest = await loadIngest({
    INGEST_TOPICS: topic,
    DB_NAME: name,
    KAFKA_GROUP_ID: `replay-${uid()}`,
    MAX_TEXT_CHARS: '20',
    ...env(topic),
  });
  await ingest.handler({}, lambdaContext());
  const users = await listUserIds(db);
  return { db, users };
}

function replayDeps(db: DataApi, users: number[], decodeEnv = {}) {
  return {
    db,
    decode: specDecodeSettings(decodeEnv),
    pickUserId: () => users[1] ?? 0,
    runId: `replay-${randomUUID()}`,
  };
}

const postsOf = (db: DataApi, id: string) =>
  db.query(
    {
      name: 'testPostsOf',
      sql: `SELECT caption, user_id, ingest_run_id FROM posts
        WHERE source_site = 'g58' AND original_post_id = :id`,
    },
    { id },
  );

describe('quarantine replay', () => {
  it('inserts a record that now parses once and removes it from the quarantine', async () => {
    // Prepare
    const { db, users } = await ingested([
      { value: post('fixed', longText) },
      { value: post('fine', 'short') },
    ]);
    const deps = replayDeps(db, users, { MAX_TEXT_CHARS: '1000' });
    const progress: [number, number][] = [];
    // Act
    const first = await replayQuarantine(deps, {}, (done, total) =>
      progress.push([done, total]),
    );
    const second = await replayQuarantine(deps, {});
    // Assert
    expect(first).toEqual({
      examined: 1,
      inserted: 1,
      duplicate: 0,
      skipped_own_site: 0,
      still_quarantined: 0,
      reasons: {},
    });
    expect(progress).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(second).toMatchObject({ examined: 0, inserted: 0 });
    expect(await postsOf(db, 'fixed')).toEqual([
      [longText, users[1], deps.runId],
    ]);
    expect(await listQuarantine(db, { limit: 10 })).toEqual([]);
  });

  it('replays only the reason asked for, or only the ids given', async () => {
    // Prepare
    const { db, users } = await ingested([
      { value: '{"broken' },
      { value: post('long', longText) },
    ]);
    const [broken] = await listQuarantine(db, { limit: 1 });
    const deps = replayDeps(db, users, {
      MAX_TEXT_CHARS: '20',
      TEXT_OVERFLOW: 'truncate',
    });
    // Act
    const byReason = await replayQuarantine(deps, { reason: 'text_too_long' });
    const byId = await replayQuarantine(deps, { ids: [broken?.id ?? ''] });
    // Assert
    expect(byReason).toMatchObject({ examined: 1, inserted: 1 });
    expect(await postsOf(db, 'long')).toEqual([
      ['x'.repeat(20), users[1], deps.runId],
    ]);
    expect(byId).toMatchObject({
      examined: 1,
      inserted: 0,
      still_quarantined: 1,
      reasons: { invalid_json: 1 },
    });
    expect(await countQuarantineByReason(db)).toEqual([
      { reason: 'invalid_json', count: 1 },
    ]);
    expect(await getQuarantine(db, broken?.id ?? '')).toMatchObject({
      reason: 'invalid_json',
      detail: broken?.detail,
    });
  });

  it('keeps a record that still fails, with the current reason and detail', async () => {
    // Prepare: the topic was pinned to Bluesky, so a federated record was
    // wrong_family_for_topic; unpinned, its text is still too long.
    const { db, users } = await ingested(
      [{ value: post('still', longText) }],
      (topic) => ({ TOPIC_FAMILIES: `${topic}=bluesky` }),
    );
    const [before] = await listQuarantine(db, { limit: 1 });
    // Act
    const summary = await replayQuarantine(
      replayDeps(db, users, { MAX_TEXT_CHARS: '20' }),
      {},
    );
    // Assert
    expect(before?.reason).toBe('wrong_family_for_topic');
    expect(summary).toEqual({
      examined: 1,
      inserted: 0,
      duplicate: 0,
      skipped_own_site: 0,
      still_quarantined: 1,
      reasons: { text_too_long: 1 },
    });
    expect(await getQuarantine(db, before?.id ?? '')).toMatchObject({
      reason: 'text_too_long',
      detail: 'text has 50 code points; the limit is 20',
      value: post('still', longText),
    });
    expect(await postsOf(db, 'still')).toEqual([]);
  });

  it('resolves duplicates and our own site’s records too', async () => {
    // Prepare: all four were wrong_family_for_topic under a Bluesky pin.
    const { db, users } = await ingested(
      [
        { value: post('twice', 'one') },
        { value: post('twice', 'one') },
        { value: post('known', 'two') },
        { value: post('echo', 'three', 'tidepool') },
      ],
      (topic) => ({ TOPIC_FAMILIES: `${topic}=bluesky` }),
    );
    const known = {
      user_id: users[0] ?? 0,
      text: 'two',
      image_url: null,
      content_type: 'text' as const,
      created_at: null,
      source_site: 'g58',
      original_post_id: 'known',
      author_name: 'lin',
    };
    await insertPosts(db, [known], 'earlier-run');
    // Act
    const summary = await replayQuarantine(replayDeps(db, users), {});
    // Assert
    expect(summary).toEqual({
      examined: 4,
      inserted: 1,
      duplicate: 2,
      skipped_own_site: 1,
      still_quarantined: 0,
      reasons: {},
    });
    expect(await postsOf(db, 'twice')).toHaveLength(1);
    expect(await postsOf(db, 'known')).toEqual([
      ['two', users[0], 'earlier-run'],
    ]);
    expect(await listQuarantine(db, { limit: 10 })).toEqual([]);
  });

  it('inserts nothing twice when run again after a crash between insert and delete', async () => {
    // Prepare: the real database, but the process "dies" on the delete.
    const { db, users } = await ingested([{ value: post('crash', longText) }]);
    const crashing: DataApi = {
      ...db,
      query: (statement, params, options) =>
        statement.name === 'deleteQuarantine'
          ? Promise.reject(new Error('simulated crash before the delete'))
          : db.query(statement, params, options),
    };
    const first = replayDeps(crashing, users, { MAX_TEXT_CHARS: '1000' });
    await expect(replayQuarantine(first, {})).rejects.toThrow(
      'simulated crash',
    );
    const afterCrash = await listQuarantine(db, { limit: 10 });
    // Act
    const again = await replayQuarantine(
      replayDeps(db, users, { MAX_TEXT_CHARS: '1000' }),
      {},
    );
    // Assert
    expect(afterCrash).toHaveLength(1);
    expect(again).toMatchObject({ examined: 1, inserted: 0, duplicate: 1 });
    expect(await postsOf(db, 'crash')).toEqual([
      [longText, users[1], first.runId],
    ]);
    expect(await listQuarantine(db, { limit: 10 })).toEqual([]);
  });
});
