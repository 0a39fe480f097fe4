import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import {
  createTestDatabase,
  createTestTopic,
  readTopic,
  testKafka,
} from '../helpers/integration.js';

const kafka = testKafka();
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-publish-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const post = (id: number) =>
  JSON.stringify({ post_id: id, username: 'lin', post_text: `post ${id}` });

describe('instalite-bridge publish --file', () => {
  it('sends the good lines and reports the bad ones by line number', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-publish');
    const { name } = await createTestDatabase('cli_publish');
    const file = join(dir, 'posts.ndjson');
    const lines = [
      post(1),
      post(2),
      '{not json',
      post(3),
      '',
      JSON.stringify({ post_id: 'x', username: 'lin' }),
      post(4),
      post(5),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    // Act
    const outcome = await runCli(
      ['publish', '--local', '--json', '--file', file],
      {
        DB_NAME: name,
        PUBLISH_TOPIC: topic,
        INGEST_TOPICS: topic,
      },
    );
    const records = await readTopic(kafka, topic, 5);
    // Assert
    const result = jsonOf(outcome);
    expect(outcome.code).toBe(3);
    expect(result).toMatchObject({
      topic,
      lines: 7,
      sent: 5,
      invalid: 2,
      failed: 0,
    });
    expect(result.notSent).toEqual([
      expect.objectContaining({ line: 3, status: 'invalid' }),
      expect.objectContaining({ line: 6, post_id: 'x', status: 'invalid' }),
    ]);
    expect(records.map((r) => r.key?.toString())).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('exits 0 when every line is sent, with plain progress lines off a terminal', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'cli-publish-ok');
    const { name } = await createTestDatabase('cli_publish_ok');
    const file = join(dir, 'ok.ndjson');
    await writeFile(file, [post(10), post(11), post(12)].join('\n'));
    // Act
    const outcome = await runCli(
      ['publish', '--local', '--file', file, '--batch-size', '2'],
      { DB_NAME: name, PUBLISH_TOPIC: topic, INGEST_TOPICS: topic },
    );
    // Assert
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/sent\s+3/);
    expect(outcome.stderr).toMatch(/^publish \[#+\] 100% 3\/3 · sent 3$/m);
    expect(outcome.stderr).not.toContain('\r');
  });

  it('reports a line that is not UTF-8 by number and sends the others', async () => {
    // Prepare: line 2 is Latin-1 ("café" with byte 0xE9)
    const topic = await createTestTopic(kafka, 'cli-publish-latin1');
    const { name } = await createTestDatabase('cli_publish_latin1');
    const file = join(dir, 'latin1.ndjson');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`${post(20)}\n`),
        Buffer.from('{"post_id": 21, "username": "lin", "post_text": "caf'),
        Buffer.from([0xe9]),
        Buffer.from(`"}\n${post(22)}\n`),
      ]),
    );
    // Act
    const outcome = await runCli(
      ['publish', '--local', '--json', '--file', file],
      { DB_NAME: name, PUBLISH_TOPIC: topic, INGEST_TOPICS: topic },
    );
    const records = await readTopic(kafka, topic, 2);
    // Assert
    expect(outcome.code).toBe(3);
    expect(jsonOf(outcome).notSent).toEqual([
      expect.objectContaining({
        line: 2,
        status: 'invalid',
        errors: [expect.stringContaining('not UTF-8')],
      }),
    ]);
    expect(records.map((r) => r.key?.toString())).toEqual(['20', '22']);
  });

  it('exits 1 for a file with no posts or in UTF-16, and 2 for --file -', async () => {
    // Prepare
    const empty = join(dir, 'blank.ndjson');
    await writeFile(empty, '\n  \n\r\n');
    const utf16 = join(dir, 'utf16.ndjson');
    await writeFile(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${post(30)}\n`, 'utf16le'),
      ]),
    );
    // Act
    const blank = await runCli(['publish', '--local', '--file', empty]);
    const wide = await runCli(['publish', '--local', '--file', utf16]);
    const folder = await runCli(['publish', '--local', '--file', dir]);
    const stdin = await runCli(['publish', '--local', '--file', '-']);
    // Assert
    expect(blank.code).toBe(1);
    expect(blank.stderr).toContain(`${empty} holds no posts`);
    expect(wide.code).toBe(1);
    expect(wide.stderr).toContain(`${utf16} is UTF-16 text`);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('(it is a directory)');
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('standard input is not read');
  });

  it('exits 1 with advice when the file cannot be read', async () => {
    // Prepare
    const missing = join(dir, 'missing.ndjson');
    // Act
    const outcome = await runCli(['publish', '--local', '--file', missing]);
    // Assert
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`cannot read ${missing}`);
    expect(outcome.stderr).toContain('check the path given to --file');
  });

  it.each([
    [['publish', '--local'], 'publish needs --file'],
    [['publish', '--file', 'x', '--batch-size', '0'], '--batch-size must be'],
    [['publish', '--nope'], "Unknown option '--nope'"],
    [['publish', '--file', 'a', '--file', 'b'], '--file is given twice'],
    [['publsh'], 'unknown command: publsh (did you mean publish?)'],
    [[], 'no command given'],
  ])('exits 2 on the usage error %j', async (args, message) => {
    // Prepare
    // Act
    const outcome = await runCli(args);
    // Assert
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
  });

  it.each([[['--help']], [['publish', '--help']], [['quarantine', '-h']]])(
    'prints help and exits 0 for %j',
    async (args) => {
      // Prepare
      // Act
      const outcome = await runCli(args);
      // Assert
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toContain('Usage: instalite-bridge');
    },
  );
});
