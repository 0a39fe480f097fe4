import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { loadConfig } from '../../lib/config.js';
import { KafkaPublishError } from '../../lib/errors.js';
import { loadKafka } from '../../lib/kafka.js';
import { classifyKafkaError } from '../../lib/kafka-errors.js';
import { createLazyPostProducer } from '../../lib/kafka-producer.js';
import { createLogger } from '../../lib/logging.js';
import {
  createTestDatabase,
  lambdaContext,
  loadIngest,
  readTopic,
  seedTestUsers,
  uid,
} from '../helpers/integration.js';
import {
  type SecretsManagerStub,
  startSecretsManagerStub,
} from '../helpers/secrets-manager-stub-server.js';
import {
  type SecureBroker,
  secureAddresses,
  startSecureBroker,
} from '../helpers/secure-broker.js';

// A broker of this file's own with SASL and TLS listeners; credentials and
// the CA reach the code through the real Secrets Manager client from a
// local stand-in. Every secret value is random, so any occurrence of one in
// a log line or an error is a leak.
let broker: SecureBroker;
let stub: SecretsManagerStub;
const wrongPassword = `wrong-${uid()}`;
const arnOf = (name: string) =>
  `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-${uid()}`;
const arns = {
  scram: arnOf('scram'),
  plain: arnOf('plain'),
  limited: arnOf('limited'),
  wrong: arnOf('wrong'),
  ca: arnOf('ca'),
};
const admin = new Kafka({
  clientId: 'kafka-auth-test-admin',
  brokers: [secureAddresses.plaintext],
  logLevel: logLevel.NOTHING,
});

beforeAll(async () => {
  stub = await startSecretsManagerStub();
  broker = await startSecureBroker();
  stub.put(arns.scram, JSON.stringify(broker.scram));
  stub.put(arns.plain, JSON.stringify(broker.plain));
  stub.put(arns.limited, JSON.stringify(broker.limited));
  stub.put(
    arns.wrong,
    JSON.stringify({ username: 'alice', password: wrongPassword }),
  );
  stub.put(arns.ca, broker.caPem);
}, 120_000);
afterAll(async () => {
  await stub?.close();
  await broker?.stop();
}, 30_000);

const secretValues = () => [
  broker.scram.password,
  broker.plain.password,
  broker.limited.password,
  wrongPassword,
];

function expectNoSecretIn(texts: readonly string[]): void {
  for (const value of secretValues()) {
    for (const text of texts) expect(text).not.toContain(value);
  }
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({}, 'debug', (line) => lines.push(line));
  return { lines, logger };
}

function configFor(env: Record<string, string>) {
  return loadConfig({
    CONFIG_FILE: 'none',
    SITE_ID: 'tidepool',
    INGEST_TOPICS: 'unused',
    DB_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:c',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db',
    DB_NAME: 'unused',
    AWS_REGION: 'us-east-1',
    SECRETS_MANAGER_ENDPOINT: stub.endpoint,
    ...env,
  });
}

async function createTopic(): Promise<string> {
  const topic = `test-auth-${uid()}`;
  const client = admin.admin();
  await client.connect();
  await client.createTopics({ topics: [{ topic }], waitForLeaders: true });
  await client.disconnect();
  return topic;
}

const modes: [string, () => Record<string, string>][] = [
  [
    'SASL/SCRAM-SHA-512 on plaintext',
    () => ({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.scram,
      KAFKA_AUTH: 'scram-sha-512',
      KAFKA_TLS: 'false',
      KAFKA_SECRET_ARN: arns.scram,
    }),
  ],
  [
    'SASL/PLAIN on plaintext',
    () => ({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.plain,
      KAFKA_AUTH: 'plain',
      KAFKA_TLS: 'false',
      KAFKA_SECRET_ARN: arns.plain,
    }),
  ],
  [
    'TLS with the CA from a secret',
    () => ({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.tls,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_SECRET_ARN: arns.ca,
    }),
  ],
  [
    'SASL/SCRAM-SHA-512 on TLS',
    () => ({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.scramTls,
      KAFKA_AUTH: 'scram-sha-512',
      KAFKA_SECRET_ARN: arns.scram,
      KAFKA_TLS_CA_SECRET_ARN: arns.ca,
    }),
  ],
];

describe('Kafka connection modes on a real broker', () => {
  it.each(modes)('sends and reads back a record over %s', async (_, env) => {
    // Prepare
    const topic = await createTopic();
    const { lines, logger } = capturedLogger();
    const config = configFor(env());
    const load = loadKafka(config.kafka, logger);
    const producer = createLazyPostProducer(load, logger);
    // Act
    await producer.send(topic, [{ key: 'k1', value: 'over auth' }]);
    const records = await readTopic(await load(), topic, 1);
    await producer.disconnect();
    // Assert
    expect(records.map((r) => r.value?.toString())).toEqual(['over auth']);
    expectNoSecretIn(lines);
  });

  it('fails fast naming the authentication failure for a wrong password', async () => {
    // Prepare
    const topic = await createTopic();
    const { lines, logger } = capturedLogger();
    const config = configFor({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.scram,
      KAFKA_AUTH: 'scram-sha-512',
      KAFKA_TLS: 'false',
      KAFKA_SECRET_ARN: arns.wrong,
    });
    const producer = createLazyPostProducer(
      loadKafka(config.kafka, logger),
      logger,
    );
    const started = Date.now();
    // Act
    const error: unknown = await producer
      .send(topic, [{ value: 'x' }])
      .catch((e: unknown) => e);
    const elapsedMs = Date.now() - started;
    logger.error('as the handler would log it', { error });
    // Assert
    expect(error).toBeInstanceOf(KafkaPublishError);
    expect(classifyKafkaError(error)).toBe('authentication');
    expect(String(error)).toContain('SASL SCRAM SHA512 authentication failed');
    expect(elapsedMs).toBeLessThan(5000);
    expectNoSecretIn(lines);
  });

  it('refuses a TLS broker whose CA is not trusted', async () => {
    // Prepare
    const topic = await createTopic();
    const { logger } = capturedLogger();
    const config = configFor({
      KAFKA_BOOTSTRAP_SERVERS: secureAddresses.tls,
      KAFKA_TLS: 'true',
    });
    const producer = createLazyPostProducer(
      loadKafka(config.kafka, logger),
      logger,
    );
    // Act
    const error: unknown = await producer
      .send(topic, [{ value: 'x' }])
      .catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(KafkaPublishError);
    expect(String(error)).toMatch(/certificate/i);
  });
});

describe('ingest handler with Kafka auth', () => {
  const flatPost = (id: string) =>
    JSON.stringify({
      username: 'lin',
      source_site: 'elsewhere',
      post_uuid_within_site: id,
      post_text: 'through SCRAM on TLS',
    });

  async function runIngest(env: Record<string, string>, topic: string) {
    const { name, db } = await createTestDatabase('auth');
    await seedTestUsers(db, 2);
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      DB_NAME: name,
      KAFKA_GROUP_ID: `auth-${uid()}`,
      SECRETS_MANAGER_ENDPOINT: stub.endpoint,
      LOG_LEVEL: 'debug',
      ...env,
    });
    const lines: string[] = [];
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      const summary = await ingest.handler({}, lambdaContext());
      return { summary, error: undefined, lines };
    } catch (error: unknown) {
      return { summary: undefined, error, lines };
    } finally {
      spy.mockRestore();
    }
  }

  async function produceFlat(topic: string, id: string) {
    const producer = admin.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ value: flatPost(id) }],
    });
    await producer.disconnect();
  }

  it('ingests over SCRAM on TLS and logs no secret', async () => {
    // Prepare
    const topic = await createTopic();
    await produceFlat(topic, '501');
    // Act
    const { summary, error, lines } = await runIngest(
      {
        KAFKA_BOOTSTRAP_SERVERS: secureAddresses.scramTls,
        KAFKA_AUTH: 'scram-sha-512',
        KAFKA_SECRET_ARN: arns.scram,
        KAFKA_TLS_CA_SECRET_ARN: arns.ca,
      },
      topic,
    );
    // Assert
    expect(error).toBeUndefined();
    expect(summary?.counts).toMatchObject({ consumed: 1, inserted: 1 });
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecretIn(lines);
  });

  it('fails the run naming authentication for a wrong password', async () => {
    // Prepare
    const topic = await createTopic();
    const started = Date.now();
    // Act
    const { error, lines } = await runIngest(
      {
        KAFKA_BOOTSTRAP_SERVERS: secureAddresses.scram,
        KAFKA_AUTH: 'scram-sha-512',
        KAFKA_TLS: 'false',
        KAFKA_SECRET_ARN: arns.wrong,
      },
      topic,
    );
    // Assert
    // The handler module is loaded in isolation: its own error classes.
    expect(error).toMatchObject({ name: 'KafkaConsumeError' });
    expect(String(error)).toContain('(authentication)');
    expect(Date.now() - started).toBeLessThan(15_000);
    expectNoSecretIn([...lines, String(error), JSON.stringify(error)]);
  });

  const asLimitedUser = {
    KAFKA_BOOTSTRAP_SERVERS: secureAddresses.plain,
    KAFKA_AUTH: 'plain',
    KAFKA_TLS: 'false',
    KAFKA_SECRET_ARN: arns.limited,
  };

  // Kafka does not reveal topics a principal may not describe, so a missing
  // topic ACL looks exactly like a missing topic (README, Troubleshooting).
  it('fails the run as a missing topic when the topic is not granted', async () => {
    // Prepare
    const topic = await createTopic();
    // Act
    const { error, lines } = await runIngest(asLimitedUser, topic);
    // Assert
    expect(error).toMatchObject({ name: 'KafkaConsumeError' });
    expect(String(error)).toContain(
      `Topic(s) not found on the brokers: ${topic}`,
    );
    expectNoSecretIn([...lines, String(error)]);
  });

  // kafkajs drops the GROUP_AUTHORIZATION_FAILED of FindCoordinator (its
  // broker pool tries each broker and swallows their errors) and reports
  // only "Failed to find group coordinator"; the README's troubleshooting
  // section maps that message to a missing group ACL.
  it('fails the run at the group coordinator when the group is not granted', async () => {
    // Prepare
    const topic = await createTopic();
    await produceFlat(topic, '502');
    const client = admin.admin();
    await client.connect();
    await client.createAcls({
      acl: [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map(
        (operation) => ({
          resourceType: AclResourceTypes.TOPIC,
          resourceName: topic,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${broker.limited.username}`,
          host: '*',
          operation,
          permissionType: AclPermissionTypes.ALLOW,
        }),
      ),
    });
    await client.disconnect();
    // Act
    const { error, lines } = await runIngest(asLimitedUser, topic);
    // Assert
    expect(error).toMatchObject({ name: 'KafkaConsumeError' });
    expect(String(error)).toContain('Failed to find group coordinator');
    expectNoSecretIn([...lines, String(error)]);
  });
});
