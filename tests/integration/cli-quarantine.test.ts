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
const flat = (id: string, text: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: 'elsewhere',
    post_uuid_within_site: id,
    post_text: text,
  });

/** A database whose quarantine holds one too-long post and one non-JSON value. */
async function quarantinedUnderShortLimit() {
  const topic = await createTestTopic(kafka, 'cli-quarantine');
  const { name, db } = await createTestDatabase('cli_quarantine');
  await seedTestUsers(db, 1);
  const env = {
    DB_NAME: name,
    INGEST_TOPICS: topic,
    TOPIC_FAMILIES: `${topic}=federated`,
    KAFKA_GROUP_ID: `cli-${uid()}`,
  };
  await produce(kafka, topic, [
    { key: 'long', value: flat('long', 'x'.repeat(40)) },
    { key: 'bad', value: 'not json' },
  ]);
  const ingest = await runCli(['ingest', '--local', '--json'], {
    ...env,
    MAX_TEXT_CHARS: '20',
  });
  if (ingest.code !== 3) throw new Error(`ingest failed: ${ingest.stderr}`);
  return { env, db };
}

const idsOf = (listing: Record<string, unknown>) =>
  Array.isArray(listing.records)
    ? listing.records.map((r: unknown) => String(Reflect.get(Object(r), 'id')))
    : [];

describe('instalite-bridge quarantine', () => {
  it('lists and shows quarantined records whole', async () => {
    // Prepare
    const { env } = await quarantinedUnderShortLimit();
    // Act
    const list = await runCli(['quarantine', 'list', '--local', '--json'], env);
    const [firstId = ''] = idsOf(jsonOf(list));
    const show = await runCli(
      ['quarantine', 'show', firstId, '--local', '--json'],
      env,
    );
    // Assert
    expect(list.code).toBe(0);
    expect(jsonOf(list).records).toEqual([
      expect.objectContaining({ reason: 'text_too_long', offset: '0' }),
      expect.objectContaining({ reason: 'invalid_json', offset: '1' }),
    ]);
    expect(show.code).toBe(0);
    expect(jsonOf(show)).toMatchObject({
      id: firstId,
      key: 'long',
      value: flat('long', 'x'.repeat(40)),
      valueEncoding: 'utf8',
    });
  });

  it('replays after a fix: the record is inserted once and leaves the quarantine', async () => {
    // Prepare
    const { env, db } = await quarantinedUnderShortLimit();
    // Act
    const dryRun = await runCli(
      [
        'quarantine',
        'replay',
        '--local',
        '--json',
        '--reason',
        'text_too_long',
      ],
      env,
    );
    const replay = await runCli(
      [
        'quarantine',
        'replay',
        '--local',
        '--json',
        '--reason',
        'text_too_long',
        '--yes',
      ],
      env,
    );
    const again = await runCli(
      [
        'quarantine',
        'replay',
        '--local',
        '--json',
        '--reason',
        'text_too_long',
        '--yes',
      ],
      env,
    );
    const left = await runCli(['quarantine', 'list', '--local', '--json'], env);
    const posts = await db.query({
      name: 'testReplayed',
      sql: "SELECT original_post_id FROM posts WHERE source_site = 'elsewhere'",
    });
    // Assert
    expect(dryRun.code).toBe(0);
    expect(jsonOf(dryRun)).toMatchObject({ dryRun: true, matching: 1 });
    expect(replay.code).toBe(0);
    expect(jsonOf(replay)).toMatchObject({
      examined: 1,
      inserted: 1,
      still_quarantined: 0,
    });
    expect(jsonOf(again)).toMatchObject({ examined: 0, inserted: 0 });
    expect(jsonOf(left).records).toEqual([
      expect.objectContaining({ reason: 'invalid_json' }),
    ]);
    expect(posts).toEqual([['long']]);
  });

  it('exits 3 when a replayed record still fails', async () => {
    // Prepare
    const { env } = await quarantinedUnderShortLimit();
    // Act
    const outcome = await runCli(
      ['quarantine', 'replay', '--local', '--reason', 'invalid_json', '--yes'],
      env,
    );
    // Assert
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toMatch(/still quarantined\s+1/);
  });

  it('exits 1 for an id with no record and 2 for one that is not an id', async () => {
    // Prepare
    const { env } = await quarantinedUnderShortLimit();
    // Act
    const missing = await runCli(
      ['quarantine', 'show', '999999', '--local'],
      env,
    );
    const malformed = await runCli(
      ['quarantine', 'show', 'abc', '--local'],
      env,
    );
    const noId = await runCli(['quarantine', 'show', '--local'], env);
    // Assert
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('quarantine list --local shows the ids');
    expect(malformed.code).toBe(2);
    expect(noId.code).toBe(2);
  });

  it('refuses replay filters that match nothing, and empty filters', async () => {
    // Prepare
    const { env } = await quarantinedUnderShortLimit();
    const list = await runCli(
      ['quarantine', 'list', '--local', '--json', '--limit', '1'],
      env,
    );
    const [firstId = ''] = idsOf(jsonOf(list));
    // Act
    const gone = await runCli(
      ['quarantine', 'replay', '--local', '--id', '999999', '--yes'],
      env,
    );
    const crossed = await runCli(
      [
        'quarantine',
        'replay',
        '--local',
        '--id',
        firstId,
        '--reason',
        'no_content',
      ],
      env,
    );
    const misspelt = await runCli(
      ['quarantine', 'list', '--local', '--reason', 'invalid_jsno'],
      env,
    );
    const misspeltReplay = await runCli(
      ['quarantine', 'replay', '--local', '--reason', 'text-too-long'],
      env,
    );
    const empty = await runCli(
      ['quarantine', 'list', '--local', '--reason', ''],
      env,
    );
    const firstPage = await runCli(
      ['quarantine', 'list', '--local', '--limit', '1'],
      env,
    );
    // Assert
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('no quarantined record with id 999999');
    expect(crossed.code).toBe(1);
    expect(crossed.stderr).toContain('not no_content');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain(
      '--reason invalid_jsno is not a quarantine reason',
    );
    expect(misspelt.stderr).toContain('invalid_json, not_an_object');
    expect(misspeltReplay.code).toBe(2);
    expect(misspeltReplay.stdout).toBe('');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--reason needs a value');
    expect(firstPage.stdout).toContain(
      `More: instalite-bridge quarantine list --limit 1 --after ${firstId} --local`,
    );
  });
});
