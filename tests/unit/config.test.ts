import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, readTraceHeader } from '../../lib/config.js';
import { ConfigError } from '../../lib/errors.js';

const base = {
  CONFIG_FILE: 'none',
  SITE_ID: 'tidepool',
  KAFKA_BOOTSTRAP_SERVERS: 'a:9092, b:9092',
  INGEST_TOPICS: 'FederatedPosts,Twitter-Kafka',
  DB_RESOURCE_ARN: 'arn:aws:rds:us-east-1:1:cluster:c',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:s',
  DB_NAME: 'app',
};

describe('loadConfig', () => {
  it('parses values to real types and applies defaults', () => {
    // Prepare / Act
    const config = loadConfig({ ...base, INGEST_BUDGET_MS: ' 60000 ' });
    // Assert
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(config.kafka.groupId).toBe('tidepool');
    expect(config.kafka.publishTopic).toBe('FederatedPosts');
    expect(config.ingest.budgetMs).toBe(60000);
    expect(config.decode.topicFamilies.get('Twitter-Kafka')).toBe('twitter');
    expect(Object.isFrozen(config.kafka)).toBe(true);
  });

  it('names every problem in one ConfigError', () => {
    // Prepare
    const env = {
      CONFIG_FILE: 'none',
      INGEST_BUDGET_MS: 'soon',
      TEXT_OVERFLOW: 'drop',
    };
    // Act
    let problems: readonly string[] = [];
    try {
      loadConfig(env);
    } catch (error: unknown) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    // Assert
    const text = problems.join('\n');
    for (const name of [
      'SITE_ID',
      'KAFKA_BOOTSTRAP_SERVERS',
      'INGEST_TOPICS',
      'DB_RESOURCE_ARN',
      'DB_SECRET_ARN',
      'DB_NAME',
      'INGEST_BUDGET_MS',
      'TEXT_OVERFLOW',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('reads the seed-shaped config.json under the environment', () => {
    // Prepare
    const env = {
      ...base,
      SITE_ID: '',
      KAFKA_BOOTSTRAP_SERVERS: '',
      INGEST_TOPICS: '',
      CONFIG_FILE: 'config.json',
    };
    // Act
    const config = loadConfig(env);
    // Assert
    expect(config.siteId).toBe('tidepool');
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.ingestTopics).toEqual(['FederatedPosts']);
  });

  it('names unknown and wrongly typed keys of the config file, each once', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        groupId: 'tidepool',
        bootstrapServer: '127.0.0.1:9092',
        topic: 7,
      }),
    );
    // Act
    const problems = problemsOf({ CONFIG_FILE: file });
    // Assert
    expect(problems).toContain(
      `CONFIG_FILE: ${file} has an unknown key "bootstrapServer"; it takes groupId, bootstrapServers, topic`,
    );
    expect(problems).toContain(
      `CONFIG_FILE: ${file}: "topic" must be a non-empty string or a list of them (no commas inside), not 7`,
    );
    expect(problems.split('"topic" must be').length).toBe(2);
  });

  it.each([
    [{ groupId: ['a'] }, '"groupId" must be a non-empty string, not ["a"]'],
    [{ groupId: null }, '"groupId" must be a non-empty string, not null'],
    [{ topic: [] }, '"topic" must be a non-empty string or a list of them'],
    [{ topic: ['a,b'] }, '(no commas inside), not ["a,b"]'],
    [{ topic: ['a', 7] }, 'not ["a",7]'],
    [{ bootstrapServers: '' }, '"bootstrapServers" must be a non-empty string'],
    [['a'], 'must hold one JSON object ({"groupId": …}), not an array'],
  ])('refuses the config file %j', (content, message) => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(content));
    // Act / Assert
    expect(problemsOf({ CONFIG_FILE: file })).toContain(message);
  });

  it('names a refused file key once, not again as a missing variable', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ groupId: 'g', topic: [] }));
    // Act
    const problems = problemsOf({
      CONFIG_FILE: file,
      INGEST_TOPICS: '',
      PUBLISH_TOPIC: '',
    });
    // Assert
    expect(problems).toContain('"topic" must be a non-empty string');
    expect(problems).not.toContain('INGEST_TOPICS is required');
    expect(problems).not.toContain('PUBLISH_TOPIC is required');
  });

  it('takes a list of topics from the config file', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ groupId: 'g', topic: ['a', 'b'] }));
    // Act
    const config = loadConfig({
      ...base,
      INGEST_TOPICS: '',
      PUBLISH_TOPIC: '',
      CONFIG_FILE: file,
    });
    // Assert
    expect(config.kafka.ingestTopics).toEqual(['a', 'b']);
    expect(config.kafka.publishTopic).toBe('a');
  });

  it('rejects a CONFIG_FILE that does not exist', () => {
    // Prepare / Act / Assert
    expect(() => loadConfig({ ...base, CONFIG_FILE: 'nope.json' })).toThrow(
      'CONFIG_FILE',
    );
  });
});

function problemsOf(env: Readonly<Record<string, string | undefined>>) {
  try {
    loadConfig({ ...base, ...env });
    return '';
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
}

describe('loadConfig validation', () => {
  it.each([
    [
      { KAFKA_BOOTSTRAP_SERVERS: 'a' },
      'KAFKA_BOOTSTRAP_SERVERS: "a" must be host:port',
    ],
    [
      { KAFKA_BOOTSTRAP_SERVERS: 'a:9092,b:0' },
      '"b:0" must be host:port with a port from 1 to 65535',
    ],
    [{ KAFKA_BOOTSTRAP_SERVERS: 'a:65536' }, '"a:65536" must be host:port'],
    [{ KAFKA_BOOTSTRAP_SERVERS: 'a:90x2' }, '"a:90x2" must be host:port'],
    [
      { KAFKA_BOOTSTRAP_SERVERS: 'http://a:9092' },
      '"http://a:9092" must be host:port',
    ],
    [
      { SITE_ID: 'twitter' },
      'SITE_ID "twitter" is reserved (TWITTER_SITE_ID): choose another SITE_ID',
    ],
    [
      { SITE_ID: 'bsky', BLUESKY_SITE_ID: 'bsky' },
      'SITE_ID "bsky" is reserved (BLUESKY_SITE_ID)',
    ],
    [{ SITE_ID: 'my site' }, 'SITE_ID must be 1–64 letters, digits'],
    [{ SITE_ID: '-tidepool' }, 'SITE_ID must be 1–64 letters'],
    [{ SITE_ID: 'x'.repeat(65) }, 'SITE_ID must be 1–64 letters'],
    [{ TWITTER_SITE_ID: 'tw/x' }, 'TWITTER_SITE_ID must be 1–64 letters'],
    [
      { INGEST_TOPICS: 'FederatedPosts,bad topic' },
      'INGEST_TOPICS: "bad topic" is not a legal Kafka topic name; use 1–249',
    ],
    [{ INGEST_TOPICS: 't'.repeat(250) }, 'is not a legal Kafka topic name'],
    [
      { PUBLISH_TOPIC: 'posts/out' },
      'PUBLISH_TOPIC: "posts/out" is not a legal Kafka topic name',
    ],
    [
      // Above 2^31 - 1 ms, Node's timer would fire at once.
      { INGEST_BUDGET_MS: '3000000000' },
      'INGEST_BUDGET_MS must be a whole number from 1000 to 86400000, got "3000000000"',
    ],
    [
      { INGEST_MAX_BATCH_ROWS: '0' },
      'INGEST_MAX_BATCH_ROWS must be a whole number from 1 to 10000, got "0" (unset it for 1000)',
    ],
    [{ SITE_ID: '' }, 'SITE_ID is required: set it'],
  ])('rejects %j, saying what to do', (env, problem) => {
    // Prepare / Act
    const problems = problemsOf(env);
    // Assert
    expect(problems).toContain(problem);
  });

  it.each([
    { KAFKA_BOOTSTRAP_SERVERS: 'b-1.msk.example.com:9098,10.0.0.7:1' },
    { KAFKA_BOOTSTRAP_SERVERS: '[::1]:65535' },
    { SITE_ID: 'harbor-7', BLUESKY_SITE_ID: 'Bluesky.v2' },
    { SITE_ID: 'Twitter' },
    { INGEST_TOPICS: 'a.b_c-D,test-join-0b1c', PUBLISH_TOPIC: 'x'.repeat(249) },
    { INGEST_BUDGET_MS: '15001' },
    // The margin counts back from the Lambda deadline, not the budget.
    { INGEST_BUDGET_MS: '3000' },
    { INGEST_BUDGET_MS: '3000', INGEST_SHUTDOWN_MARGIN_MS: '60000' },
  ])('accepts %j', (env) => {
    // Prepare / Act
    const problems = problemsOf(env);
    // Assert
    expect(problems).toBe('');
  });
});

describe('readTraceHeader', () => {
  it('reads the per-invocation X-Ray header, or nothing', () => {
    // Prepare / Act / Assert
    expect(
      readTraceHeader({ _X_AMZN_TRACE_ID: ' Root=1-a-b;Sampled=1 ' }),
    ).toBe('Root=1-a-b;Sampled=1');
    expect(readTraceHeader({ _X_AMZN_TRACE_ID: ' ' })).toBeUndefined();
    expect(readTraceHeader({})).toBeUndefined();
  });
});
