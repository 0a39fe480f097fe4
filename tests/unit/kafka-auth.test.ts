import { loadConfig } from '../../lib/config.js';
import { ConfigError } from '../../lib/errors.js';
import {
  KafkaAuthError,
  parseSaslCredentials,
  resolveKafkaSecurity,
} from '../../lib/kafka-auth.js';

const base = {
  CONFIG_FILE: 'none',
  SITE_ID: 'tidepool',
  KAFKA_BOOTSTRAP_SERVERS: 'b-1.example:9096',
  INGEST_TOPICS: 'FederatedPosts',
  DB_RESOURCE_ARN: 'arn:aws:rds:eu-west-1:1:cluster:c',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:db',
  DB_NAME: 'app',
  AWS_REGION: 'eu-west-1',
};
const kafkaSecret = 'arn:aws:secretsmanager:eu-west-1:1:secret:kafka';
const caSecret = 'arn:aws:secretsmanager:eu-west-1:1:secret:ca';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
    return '';
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
}

// An in-memory secret store: the reader's contract, without Secrets Manager
// (tests/integration/kafka-auth-secrets.test.ts covers the real client).
const secrets = (values: Record<string, string>) => ({
  read: async (arn: string) => values[arn] ?? '',
});

describe('Kafka auth config', () => {
  it.each([
    [{}, 'none', false],
    [{ KAFKA_TLS: 'true' }, 'none', true],
    [
      { KAFKA_AUTH: 'scram-sha-512', KAFKA_SECRET_ARN: kafkaSecret },
      'scram-sha-512',
      true,
    ],
    [
      {
        KAFKA_AUTH: 'plain',
        KAFKA_SECRET_ARN: kafkaSecret,
        KAFKA_TLS: 'false',
      },
      'plain',
      false,
    ],
    [{ KAFKA_AUTH: 'aws-msk-iam' }, 'aws-msk-iam', true],
  ])('reads %j as %s with TLS %s', (env, mechanism, tls) => {
    // Prepare / Act
    const { auth } = loadConfig({ ...base, ...env }).kafka;
    // Assert
    expect(auth).toMatchObject({ mechanism, tls, region: 'eu-west-1' });
  });

  it.each([
    [{ KAFKA_AUTH: 'kerberos' }, 'KAFKA_AUTH must be one of'],
    [{ KAFKA_AUTH: 'scram-sha-512' }, 'KAFKA_SECRET_ARN is required'],
    [{ KAFKA_AUTH: 'plain' }, 'KAFKA_SECRET_ARN is required'],
    [{ KAFKA_SECRET_ARN: kafkaSecret }, 'KAFKA_SECRET_ARN is only used'],
    [
      { KAFKA_AUTH: 'aws-msk-iam', KAFKA_TLS: 'false' },
      'KAFKA_TLS must be true',
    ],
    [{ KAFKA_TLS: 'yes' }, 'KAFKA_TLS must be one of true, false'],
    [{ KAFKA_TLS_CA_SECRET_ARN: caSecret }, 'needs KAFKA_TLS true'],
  ])('rejects %j', (env, problem) => {
    // Prepare / Act
    const problems = problemsOf(env);
    // Assert
    expect(problems).toContain(problem);
  });
});

describe('parseSaslCredentials', () => {
  it('reads username and password', () => {
    // Prepare / Act
    const credentials = parseSaslCredentials(
      '{"username":"alice","password":"s3cr3t-Value"}',
      kafkaSecret,
    );
    // Assert
    expect(credentials).toEqual({
      username: 'alice',
      password: 's3cr3t-Value',
    });
  });

  it.each([
    ['s3cr3t-Value', 'is not JSON'],
    ['{"username":"alice","password":"s3cr3t-Value"', 'is not JSON'],
    ['{"user":"alice","password":"s3cr3t-Value"}', 'no "username"'],
    ['{"username":"alice","pass":"s3cr3t-Value"}', 'no "password"'],
    ['["s3cr3t-Value"]', 'no "username"'],
  ])('rejects %s naming the problem, never the content', (text, problem) => {
    // Prepare
    let caught: unknown;
    // Act
    try {
      parseSaslCredentials(text, kafkaSecret);
    } catch (error: unknown) {
      caught = error;
    }
    // Assert
    expect(caught).toBeInstanceOf(KafkaAuthError);
    const error = caught instanceof KafkaAuthError ? caught : undefined;
    expect(error?.message).toContain(problem);
    expect(error?.message).toContain(kafkaSecret);
    expect(JSON.stringify({ ...error, m: error?.message })).not.toContain(
      's3cr3t',
    );
    expect(error?.cause).toBeUndefined();
    expect(error?.retriable).toBe(false);
  });
});

describe('resolveKafkaSecurity', () => {
  it('gives kafkajs an OAUTHBEARER provider signing with the configured region', async () => {
    // Prepare
    const { auth } = loadConfig({ ...base, KAFKA_AUTH: 'aws-msk-iam' }).kafka;
    const regions: string[] = [];
    const signer = async ({ region }: { region: string }) => {
      regions.push(region);
      return { token: `token-${regions.length}`, expiryTime: 0 };
    };
    // Act
    const security = await resolveKafkaSecurity(auth, secrets({}), signer);
    const sasl = security.sasl;
    const tokens =
      sasl?.mechanism === 'oauthbearer'
        ? [await sasl.oauthBearerProvider(), await sasl.oauthBearerProvider()]
        : [];
    // Assert
    expect(security.ssl).toBe(true);
    expect(sasl?.mechanism).toBe('oauthbearer');
    expect(tokens).toEqual([{ value: 'token-1' }, { value: 'token-2' }]);
    expect(regions).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('builds SCRAM credentials and a custom CA from the secrets', async () => {
    // Prepare
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const { auth } = loadConfig({
      ...base,
      KAFKA_AUTH: 'scram-sha-512',
      KAFKA_SECRET_ARN: kafkaSecret,
      KAFKA_TLS_CA_SECRET_ARN: caSecret,
    }).kafka;
    const store = secrets({
      [kafkaSecret]: '{"username":"alice","password":"pw"}',
      [caSecret]: pem,
    });
    // Act
    const security = await resolveKafkaSecurity(auth, store);
    // Assert
    expect(security).toEqual({
      ssl: { ca: [pem] },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'pw' },
    });
  });

  it('uses no TLS and no SASL by default', async () => {
    // Prepare
    const { auth } = loadConfig(base).kafka;
    // Act
    const security = await resolveKafkaSecurity(auth, secrets({}));
    // Assert
    expect(security).toEqual({ ssl: false, sasl: undefined });
  });

  it('rejects a CA secret that holds no PEM certificate', async () => {
    // Prepare
    const { auth } = loadConfig({
      ...base,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_SECRET_ARN: caSecret,
    }).kafka;
    // Act
    const attempt = resolveKafkaSecurity(auth, secrets({ [caSecret]: 'x' }));
    // Assert
    await expect(attempt).rejects.toThrow(KafkaAuthError);
  });
});
