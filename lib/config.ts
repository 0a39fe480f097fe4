import { existsSync, readFileSync } from 'node:fs';
import { type RawValues, ValueReader } from './config-parse.js';
import {
  CONFIG_ENV_NAMES,
  CONFIG_SCHEMA,
  type EnumValue,
  specOf,
} from './config-schema.js';
import { ConfigError } from './errors.js';
import { parseTopicFamilies } from './inbound/decode.js';
import type { DecodeSettings } from './inbound/types.js';

export { CONFIG_ENV_NAMES } from './config-schema.js';

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
  readonly mechanism: EnumValue<'KAFKA_AUTH'>;
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
  readonly engine: EnumValue<'DB_ENGINE'>;
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
  readonly logLevel: EnumValue<'LOG_LEVEL'>;
}

/**
 * Seed-shaped config.json values (`groupId`, `bootstrapServers`, `topic`),
 * mapped to variables by the schema's `seed` keys; CONFIG_FILE picks another
 * file, or `none` for environment only.
 */
function readSeedFile(
  env: RawValues,
  problems: string[],
  badKeys: Set<string>,
): RawValues {
  const explicit = env.CONFIG_FILE?.trim();
  if (explicit === 'none') return {};
  const path = explicit || CONFIG_SCHEMA.CONFIG_FILE.default;
  if (!existsSync(path)) {
    if (explicit)
      problems.push(
        `CONFIG_FILE: no file at ${path}; point it at a file or set it to none`,
      );
    return {};
  }
  try {
    const seed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
      const found = Array.isArray(seed) ? 'an array' : JSON.stringify(seed);
      problems.push(
        `CONFIG_FILE: ${path} must hold one JSON object ({"groupId": …}), not ${found}; fix it or set CONFIG_FILE to none`,
      );
      return {};
    }
    // Each key the file takes, and whether it may hold a list (a key that
    // fills a list variable, such as `topic` for INGEST_TOPICS).
    const listKeys = new Map<string, boolean>();
    for (const name of CONFIG_ENV_NAMES) {
      const spec = specOf(name);
      if (!spec.seed) continue;
      const isList = spec.type === 'list' || !!listKeys.get(spec.seed.key);
      listKeys.set(spec.seed.key, isList);
    }
    const keys = new Set(listKeys.keys());
    // A misspelt or wrongly typed key would otherwise read as a missing
    // setting, and the error would name the variable, not the file.
    for (const key of Object.keys(seed).filter((k) => !keys.has(k)))
      problems.push(
        `CONFIG_FILE: ${path} has an unknown key "${key}"; it takes ${[...keys].join(', ')} (other settings are environment variables)`,
      );
    const field = (key: string): string | undefined => {
      const value: unknown = Reflect.get(seed, key);
      if (value === undefined) return undefined;
      if (typeof value === 'string' && value.trim() !== '') return value;
      const isList = listKeys.get(key) === true;
      const isItem = (v: unknown) =>
        typeof v === 'string' && v.trim() !== '' && !v.includes(',');
      if (
        isList &&
        Array.isArray(value) &&
        value.length > 0 &&
        value.every(isItem)
      )
        return value.join(',');
      badKeys.add(key);
      problems.push(
        `CONFIG_FILE: ${path}: "${key}" must be a non-empty string${isList ? ' or a list of them (no commas inside)' : ''}, not ${JSON.stringify(value)}`,
      );
      return undefined;
    };
    const texts = new Map([...keys].map((key) => [key, field(key)]));
    const values: Record<string, string | undefined> = {};
    for (const name of CONFIG_ENV_NAMES) {
      const from = specOf(name).seed;
      const text = from && texts.get(from.key);
      if (text !== undefined)
        values[name] = from?.first ? text.split(',')[0] : text;
    }
    return values;
  } catch (error: unknown) {
    problems.push(
      `CONFIG_FILE: ${path} is not valid JSON config (${error}); fix it or set CONFIG_FILE to none`,
    );
    return {};
  }
}

/**
 * Load and validate the configuration once: config.json, then environment
 * variables on top; defaults and ranges come from the config schema.
 * @throws ConfigError naming every problem.
 */
export function loadConfig(env: RawValues = process.env): Config {
  const fileProblems: string[] = [];
  const badKeys = new Set<string>();
  const seed = readSeedFile(env, fileProblems, badKeys);
  const r = new ValueReader({ ...seed, ...withoutEmpty(env) }, badKeys);
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
      connectionTimeoutMs: r.integer('KAFKA_CONNECTION_TIMEOUT_MS'),
      requestTimeoutMs: r.integer('KAFKA_REQUEST_TIMEOUT_MS'),
      sessionTimeoutMs: r.integer('KAFKA_SESSION_TIMEOUT_MS'),
      auth: readKafkaAuth(r),
    },
    database: {
      resourceArn: r.text('DB_RESOURCE_ARN'),
      secretArn: r.text('DB_SECRET_ARN'),
      name: r.text('DB_NAME'),
      engine: r.oneOf('DB_ENGINE'),
      region: r.text('AWS_REGION'),
      endpoint: r.optionalText('DATA_API_ENDPOINT'),
    },
    decode: readDecode(r, siteId),
    ingest: readIngest(r),
    publish: {
      timeoutMs: r.integer('PUBLISH_TIMEOUT_MS'),
      maxMessageBytes: r.integer('PUBLISH_MAX_MESSAGE_BYTES'),
      maxBodyBytes: r.integer('PUBLISH_MAX_BODY_BYTES'),
      sweepMinAgeSeconds: r.integer('PUBLISH_SWEEP_MIN_AGE_SECONDS'),
      sweepLookbackHours: r.integer('PUBLISH_SWEEP_LOOKBACK_HOURS'),
      sweepMaxPosts: r.integer('PUBLISH_SWEEP_MAX_POSTS'),
    },
    logLevel: r.oneOf('LOG_LEVEL'),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

// The reserved ids name where Bluesky and Twitter posts came from; a site
// using one would have its posts skipped as its own or taken for theirs.
function readDecode(r: ValueReader, siteId: string): DecodeSettings {
  const decode: DecodeSettings = {
    siteId,
    topicFamilies: r.parsed('TOPIC_FAMILIES', parseTopicFamilies) ?? new Map(),
    blueskySiteId: r.text('BLUESKY_SITE_ID'),
    twitterSiteId: r.text('TWITTER_SITE_ID'),
    maxTextChars: r.integer('MAX_TEXT_CHARS'),
    textOverflow: r.oneOf('TEXT_OVERFLOW'),
    maxImageUrlChars: r.integer('MAX_IMAGE_URL_CHARS'),
  };
  for (const name of ['BLUESKY_SITE_ID', 'TWITTER_SITE_ID'] as const) {
    const reserved =
      name === 'BLUESKY_SITE_ID' ? decode.blueskySiteId : decode.twitterSiteId;
    if (siteId && siteId === reserved)
      r.problems.push(
        `SITE_ID "${siteId}" is reserved (${name}): choose another SITE_ID, or set ${name} to a different id`,
      );
  }
  return decode;
}

// The margin counts back from the Lambda deadline, not from the budget, so
// a short budget with the default margin is consistent (lib/budget.ts).
function readIngest(r: ValueReader): IngestConfig {
  return {
    budgetMs: r.integer('INGEST_BUDGET_MS'),
    shutdownMarginMs: r.integer('INGEST_SHUTDOWN_MARGIN_MS'),
    maxBatchRows: r.integer('INGEST_MAX_BATCH_ROWS'),
    maxBatchBytes: r.integer('INGEST_MAX_BATCH_BYTES'),
    partitionsConcurrently: r.integer('INGEST_PARTITIONS_CONCURRENTLY'),
  };
}

// TLS is on by default whenever credentials travel; MSK IAM is only offered
// on TLS listeners (port 9098), so it cannot be turned off there.
function readKafkaAuth(r: ValueReader): KafkaAuthConfig {
  const mechanism = r.oneOf('KAFKA_AUTH');
  const tls = r.oneOf('KAFKA_TLS', mechanism === 'none' ? 'false' : 'true');
  const isSasl = mechanism === 'plain' || mechanism === 'scram-sha-512';
  const secretArn = r.optionalText('KAFKA_SECRET_ARN');
  const tlsCaSecretArn = r.optionalText('KAFKA_TLS_CA_SECRET_ARN');
  if (isSasl && !secretArn)
    r.problems.push(
      `KAFKA_SECRET_ARN is required with KAFKA_AUTH ${mechanism}: set it to the ARN of a secret {"username","password"}`,
    );
  if (!isSasl && secretArn)
    r.problems.push(
      `KAFKA_SECRET_ARN is only used with KAFKA_AUTH plain or scram-sha-512, not ${mechanism}: unset it or change KAFKA_AUTH`,
    );
  if (mechanism === 'aws-msk-iam' && tls === 'false')
    r.problems.push(
      'KAFKA_TLS must be true with KAFKA_AUTH aws-msk-iam (MSK offers IAM on TLS only): unset KAFKA_TLS',
    );
  if (tlsCaSecretArn && tls === 'false')
    r.problems.push(
      'KAFKA_TLS_CA_SECRET_ARN needs KAFKA_TLS true: unset KAFKA_TLS or the CA secret',
    );
  return {
    mechanism,
    tls: tls === 'true',
    secretArn,
    tlsCaSecretArn,
    region: r.text('AWS_REGION'),
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

/**
 * The X-Ray trace header of the current invocation. Lambda sets
 * `_X_AMZN_TRACE_ID` afresh for every invocation, so it is read each time,
 * not kept in the cold-start config.
 */
export function readTraceHeader(
  env: RawValues = process.env,
): string | undefined {
  return env._X_AMZN_TRACE_ID?.trim() || undefined;
}
