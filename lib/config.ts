import { existsSync, readFileSync } from 'node:fs';
import { type RawValues, ValueReader } from './config-parse.js';
import { ConfigError } from './errors.js';
import {
  DEFAULT_TOPIC_FAMILIES,
  parseTopicFamilies,
} from './inbound/decode.js';
import type { DecodeSettings } from './inbound/types.js';

/** Settings for the Kafka clients. */
export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly ingestTopics: readonly string[];
  readonly publishTopic: string;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Consumer group session timeout; heartbeats go every third of it. */
  readonly sessionTimeoutMs: number;
  readonly auth: KafkaAuthConfig;
}

/** How the Kafka clients authenticate; secrets are ARNs, read at start. */
export interface KafkaAuthConfig {
  readonly mechanism: 'none' | 'plain' | 'scram-sha-512' | 'aws-msk-iam';
  readonly tls: boolean;
  /** Secret `{"username","password"}` for plain and scram-sha-512. */
  readonly secretArn: string | undefined;
  /** Secret holding PEM CA certificates that replace the system ones. */
  readonly tlsCaSecretArn: string | undefined;
  /** Region of Secrets Manager and of the MSK IAM signature. */
  readonly region: string;
  /** Set only for a local Secrets Manager stand-in. */
  readonly secretsEndpoint: string | undefined;
}

/** Where and how to reach Aurora through the RDS Data API. */
export interface DatabaseConfig {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly name: string;
  readonly engine: 'postgres' | 'mysql';
  readonly region: string;
  /** Set only for the local emulator; production uses the AWS endpoint. */
  readonly endpoint: string | undefined;
}

/** Limits of one ingest run. */
export interface IngestConfig {
  readonly budgetMs: number;
  readonly shutdownMarginMs: number;
  readonly maxBatchRows: number;
  readonly maxBatchBytes: number;
  /** Partitions whose chunks are written at the same time. */
  readonly partitionsConcurrently: number;
}

/** Limits and timing of the publish function. */
export interface PublishConfig {
  /** Bound on one send (reconnect-once included) and on each database call. */
  readonly timeoutMs: number;
  /** Largest record (key + value + headers) publish sends. */
  readonly maxMessageBytes: number;
  /** Largest HTTP request body, after base64 decoding. */
  readonly maxBodyBytes: number;
  /** The sweep leaves posts younger than this to the triggers. */
  readonly sweepMinAgeSeconds: number;
  /** The sweep only looks at posts created within this many hours. */
  readonly sweepLookbackHours: number;
  /** Most posts one sweep run publishes. */
  readonly sweepMaxPosts: number;
}

/** The whole validated configuration, frozen. */
export interface Config {
  readonly siteId: string;
  readonly kafka: KafkaConfig;
  readonly database: DatabaseConfig;
  readonly decode: DecodeSettings;
  readonly ingest: IngestConfig;
  readonly publish: PublishConfig;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Env names that `serverless.yml` and the README must list; one place. */
export const CONFIG_ENV_NAMES = [
  'CONFIG_FILE',
  'SITE_ID',
  'KAFKA_BOOTSTRAP_SERVERS',
  'KAFKA_GROUP_ID',
  'KAFKA_CLIENT_ID',
  'INGEST_TOPICS',
  'PUBLISH_TOPIC',
  'KAFKA_CONNECTION_TIMEOUT_MS',
  'KAFKA_REQUEST_TIMEOUT_MS',
  'KAFKA_SESSION_TIMEOUT_MS',
  'KAFKA_AUTH',
  'KAFKA_TLS',
  'KAFKA_SECRET_ARN',
  'KAFKA_TLS_CA_SECRET_ARN',
  'SECRETS_MANAGER_ENDPOINT',
  'TOPIC_FAMILIES',
  'BLUESKY_SITE_ID',
  'TWITTER_SITE_ID',
  'MAX_TEXT_CHARS',
  'TEXT_OVERFLOW',
  'MAX_IMAGE_URL_CHARS',
  'DB_RESOURCE_ARN',
  'DB_SECRET_ARN',
  'DB_NAME',
  'DB_ENGINE',
  'DATA_API_ENDPOINT',
  'AWS_REGION',
  'INGEST_BUDGET_MS',
  'INGEST_SHUTDOWN_MARGIN_MS',
  'INGEST_MAX_BATCH_ROWS',
  'INGEST_MAX_BATCH_BYTES',
  'INGEST_PARTITIONS_CONCURRENTLY',
  'PUBLISH_TIMEOUT_MS',
  'PUBLISH_MAX_MESSAGE_BYTES',
  'PUBLISH_MAX_BODY_BYTES',
  'PUBLISH_SWEEP_MIN_AGE_SECONDS',
  'PUBLISH_SWEEP_LOOKBACK_HOURS',
  'PUBLISH_SWEEP_MAX_POSTS',
  'LOG_LEVEL',
] as const;

const MIB = 1024 * 1024;

/**
 * Seed-shaped config.json values (`groupId`, `bootstrapServers`, `topic`);
 * CONFIG_FILE picks another file, or `none` for environment only.
 */
function readSeedFile(env: RawValues, problems: string[]): RawValues {
  const explicit = env.CONFIG_FILE?.trim();
  if (explicit === 'none') return {};
  const path = explicit || 'config.json';
  if (!existsSync(path)) {
    if (explicit) problems.push(`CONFIG_FILE: no file at ${path}`);
    return {};
  }
  try {
    const seed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof seed !== 'object' || seed === null)
      throw new Error('not an object');
    const field = (key: string): string | undefined => {
      const value: unknown = Reflect.get(seed, key);
      if (Array.isArray(value)) return value.join(',');
      return typeof value === 'string' ? value : undefined;
    };
    return {
      SITE_ID: field('groupId'),
      KAFKA_BOOTSTRAP_SERVERS: field('bootstrapServers'),
      INGEST_TOPICS: field('topic'),
      PUBLISH_TOPIC: field('topic')?.split(',')[0],
    };
  } catch (error: unknown) {
    problems.push(`CONFIG_FILE: ${path} is not valid JSON config (${error})`);
    return {};
  }
}

/**
 * Load and validate the configuration once: config.json, then environment
 * variables on top. @throws ConfigError naming every problem.
 */
export function loadConfig(env: RawValues = process.env): Config {
  const fileProblems: string[] = [];
  const seed = readSeedFile(env, fileProblems);
  const merged: RawValues = { ...seed, ...withoutEmpty(env) };
  const r = new ValueReader(merged);
  r.problems.push(...fileProblems);
  const siteId = r.text('SITE_ID');
  const ingestTopics = r.list('INGEST_TOPICS');
  const config: Config = {
    siteId,
    kafka: {
      brokers: r.list('KAFKA_BOOTSTRAP_SERVERS'),
      clientId: r.text('KAFKA_CLIENT_ID', `instalite-bridge-${siteId}`),
      groupId: r.text('KAFKA_GROUP_ID', siteId),
      ingestTopics,
      publishTopic: r.text('PUBLISH_TOPIC', ingestTopics[0]),
      connectionTimeoutMs: r.integer('KAFKA_CONNECTION_TIMEOUT_MS', 3000, 100),
      requestTimeoutMs: r.integer('KAFKA_REQUEST_TIMEOUT_MS', 10000, 100),
      sessionTimeoutMs: r.integer('KAFKA_SESSION_TIMEOUT_MS', 30000, 1000),
      auth: readKafkaAuth(r),
    },
    database: {
      resourceArn: r.text('DB_RESOURCE_ARN'),
      secretArn: r.text('DB_SECRET_ARN'),
      name: r.text('DB_NAME'),
      engine: r.oneOf('DB_ENGINE', ['postgres', 'mysql'], 'postgres'),
      region: r.text('AWS_REGION', 'us-east-1'),
      endpoint: r.optionalText('DATA_API_ENDPOINT'),
    },
    decode: {
      siteId,
      topicFamilies: r.parsed(
        'TOPIC_FAMILIES',
        parseTopicFamilies(DEFAULT_TOPIC_FAMILIES),
        parseTopicFamilies,
      ),
      blueskySiteId: r.text('BLUESKY_SITE_ID', 'bluesky'),
      twitterSiteId: r.text('TWITTER_SITE_ID', 'twitter'),
      maxTextChars: r.integer('MAX_TEXT_CHARS', 10000, 1),
      textOverflow: r.oneOf('TEXT_OVERFLOW', ['reject', 'truncate'], 'reject'),
      maxImageUrlChars: r.integer('MAX_IMAGE_URL_CHARS', 2048, 16),
    },
    ingest: {
      budgetMs: r.integer('INGEST_BUDGET_MS', 300_000, 1000),
      shutdownMarginMs: r.integer('INGEST_SHUTDOWN_MARGIN_MS', 15_000, 0),
      maxBatchRows: r.integer('INGEST_MAX_BATCH_ROWS', 1000, 1, 10_000),
      maxBatchBytes: r.integer(
        'INGEST_MAX_BATCH_BYTES',
        3 * MIB,
        1024,
        3.5 * MIB,
      ),
      partitionsConcurrently: r.integer(
        'INGEST_PARTITIONS_CONCURRENTLY',
        3,
        1,
        64,
      ),
    },
    publish: readPublish(r),
    logLevel: r.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

// Defaults: an HTTP caller must get an answer well inside API Gateway's 29 s,
// and a record must stay under the broker's default max.message.bytes
// (1048588 bytes, record batch overhead included).
function readPublish(r: ValueReader): PublishConfig {
  return {
    timeoutMs: r.integer('PUBLISH_TIMEOUT_MS', 5000, 100, 20_000),
    maxMessageBytes: r.integer('PUBLISH_MAX_MESSAGE_BYTES', 1_000_000, 1024),
    maxBodyBytes: r.integer('PUBLISH_MAX_BODY_BYTES', MIB, 1024, 6 * MIB),
    sweepMinAgeSeconds: r.integer('PUBLISH_SWEEP_MIN_AGE_SECONDS', 300, 0),
    sweepLookbackHours: r.integer('PUBLISH_SWEEP_LOOKBACK_HOURS', 24, 1),
    sweepMaxPosts: r.integer('PUBLISH_SWEEP_MAX_POSTS', 500, 1, 10_000),
  };
}

const KAFKA_MECHANISMS = [
  'none',
  'plain',
  'scram-sha-512',
  'aws-msk-iam',
] as const;

// TLS is on by default whenever credentials travel; MSK IAM is only offered
// on TLS listeners (port 9098), so it cannot be turned off there.
function readKafkaAuth(r: ValueReader): KafkaAuthConfig {
  const mechanism = r.oneOf('KAFKA_AUTH', KAFKA_MECHANISMS, 'none');
  const tlsDefault = mechanism === 'none' ? 'false' : 'true';
  const tls = r.oneOf('KAFKA_TLS', ['true', 'false'], tlsDefault) === 'true';
  const isSasl = mechanism === 'plain' || mechanism === 'scram-sha-512';
  const secretArn = isSasl
    ? r.text('KAFKA_SECRET_ARN')
    : r.optionalText('KAFKA_SECRET_ARN');
  const tlsCaSecretArn = r.optionalText('KAFKA_TLS_CA_SECRET_ARN');
  if (!isSasl && secretArn)
    r.problems.push(
      `KAFKA_SECRET_ARN is only used with KAFKA_AUTH plain or scram-sha-512, not ${mechanism}`,
    );
  if (mechanism === 'aws-msk-iam' && !tls)
    r.problems.push('KAFKA_TLS must be true with KAFKA_AUTH aws-msk-iam');
  if (tlsCaSecretArn && !tls)
    r.problems.push('KAFKA_TLS_CA_SECRET_ARN needs KAFKA_TLS true');
  return {
    mechanism,
    tls,
    secretArn: secretArn || undefined,
    tlsCaSecretArn,
    region: r.text('AWS_REGION', 'us-east-1'),
    secretsEndpoint: r.optionalText('SECRETS_MANAGER_ENDPOINT'),
  };
}

function withoutEmpty(env: RawValues): RawValues {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value?.trim()),
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Map)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
