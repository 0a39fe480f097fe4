import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { KafkaAuthConfig } from './config.js';
import { AppError, importOnFirstUse } from './errors.js';
import type { SecretReader } from './secrets.js';

/** A Kafka secret is unusable; names the secret, never its content. */
export class KafkaAuthError extends AppError {
  override readonly name = 'KafkaAuthError';
  readonly secretArn: string;
  constructor(message: string, secretArn: string) {
    super(message, false);
    this.secretArn = secretArn;
  }
}

/** The kafkajs `ssl` and `sasl` options of one connection mode. */
export interface KafkaSecurity {
  readonly ssl: ConnectionOptions | boolean;
  readonly sasl: SASLOptions | undefined;
}

/** Signs an MSK IAM token; the real one is `generateAuthToken`. */
export type TokenSigner = (options: {
  region: string;
}) => Promise<{ token: string; expiryTime: number }>;

// The signer (with its STS client) is loaded only when MSK IAM is in use:
// it is a lazy file of its own in the bundle (local/build.ts).
const signMskIamToken: TokenSigner = async (options) => {
  const { generateAuthToken } = await importOnFirstUse(
    'the MSK IAM signer',
    () => import('aws-msk-iam-sasl-signer-js'),
  );
  return generateAuthToken(options);
};

/** SASL username and password, as stored in the secret. */
export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Read `{"username","password"}` from a secret's text. Pure. Errors say
 * what is wrong with the shape, never the text (JSON.parse messages quote
 * it, so they are not passed on). @throws KafkaAuthError
 */
export function parseSaslCredentials(
  text: string,
  secretArn: string,
): SaslCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KafkaAuthError(
      `Kafka secret ${secretArn} is not JSON; expected {"username","password"}`,
      secretArn,
    );
  }
  const field = (key: string): unknown =>
    typeof value === 'object' && value !== null
      ? Reflect.get(value, key)
      : undefined;
  const username = field('username');
  const password = field('password');
  if (typeof username !== 'string' || username === '')
    throw new KafkaAuthError(
      `Kafka secret ${secretArn} has no "username" string`,
      secretArn,
    );
  if (typeof password !== 'string' || password === '')
    throw new KafkaAuthError(
      `Kafka secret ${secretArn} has no "password" string`,
      secretArn,
    );
  return { username, password };
}

/**
 * kafkajs `ssl` and `sasl` for the configured mode, reading the secrets it
 * needs. MSK IAM signs a fresh token for every authentication (the token
 * lives 15 minutes; kafkajs asks again when it reconnects).
 * @throws SecretError when a secret cannot be read; KafkaAuthError when its
 * content is unusable.
 */
export async function resolveKafkaSecurity(
  auth: KafkaAuthConfig,
  secrets: SecretReader,
  signer: TokenSigner = signMskIamToken,
): Promise<KafkaSecurity> {
  const ssl = await resolveTls(auth, secrets);
  switch (auth.mechanism) {
    case 'none':
      return { ssl, sasl: undefined };
    case 'aws-msk-iam': {
      const { region } = auth;
      const oauthBearerProvider = async () => ({
        value: (await signer({ region })).token,
      });
      return { ssl, sasl: { mechanism: 'oauthbearer', oauthBearerProvider } };
    }
    default: {
      const secretArn = auth.secretArn ?? '';
      const text = await secrets.read(secretArn);
      const { username, password } = parseSaslCredentials(text, secretArn);
      return { ssl, sasl: { mechanism: auth.mechanism, username, password } };
    }
  }
}

async function resolveTls(
  auth: KafkaAuthConfig,
  secrets: SecretReader,
): Promise<ConnectionOptions | boolean> {
  if (!auth.tls) return false;
  if (auth.tlsCaSecretArn === undefined) return true;
  const pem = await secrets.read(auth.tlsCaSecretArn);
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new KafkaAuthError(
      `Kafka CA secret ${auth.tlsCaSecretArn} holds no PEM certificate`,
      auth.tlsCaSecretArn,
    );
  return { ca: [pem] };
}
