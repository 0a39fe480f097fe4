import { loadConfig } from '../../lib/config.js';
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

  it('rejects a CONFIG_FILE that does not exist', () => {
    // Prepare / Act / Assert
    expect(() => loadConfig({ ...base, CONFIG_FILE: 'nope.json' })).toThrow(
      'CONFIG_FILE',
    );
  });
});
