/**
 * The one description of every configuration variable: type, range,
 * default, group and meaning. `loadConfig` reads through it and
 * `npm run docs` renders the README reference from it.
 */
import { DEFAULT_TOPIC_FAMILIES } from './inbound/topic-families.js';

/** Sections of the configuration reference, in README order. */
export const CONFIG_GROUPS = [
  'Kafka',
  'Kafka auth',
  'Database',
  'Decoding',
  'Ingest',
  'Publish',
  'Logging',
] as const;

/** One section of the configuration reference. */
export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

interface BaseSpec {
  readonly group: ConfigGroup;
  /** One line for operators. */
  readonly doc: string;
  /** Absent is a problem (unless config.json seeds it). */
  readonly required?: true;
  /** Default computed from other variables, as the reference shows it. */
  readonly derived?: string;
  /** The config.json key that fills it; `first` takes its first item. */
  readonly seed?: { readonly key: string; readonly first?: true };
}

/** Free text; `id` and `topic` formats are checked. */
export interface TextSpec extends BaseSpec {
  readonly type: 'text';
  readonly default?: string;
  readonly format?: 'id' | 'topic';
  /** What the value looks like, for the reference only. */
  readonly shape?: string;
}

/** A comma-separated list; each entry is checked against its format. */
export interface ListSpec extends BaseSpec {
  readonly type: 'list';
  readonly format: 'topic' | 'broker';
}

/** A whole number in [min, max]. */
export interface IntSpec extends BaseSpec {
  readonly type: 'int';
  readonly default: number;
  readonly min: number;
  readonly max?: number;
}

/** One value from a closed set. */
export interface EnumSpec extends BaseSpec {
  readonly type: 'enum';
  readonly values: readonly string[];
  readonly default?: string;
}

/** The description of one variable. */
export type VarSpec = TextSpec | ListSpec | IntSpec | EnumSpec;

const MIB = 1024 * 1024;
const ARN = 'ARN';

/** Every variable, in reference order within its group. */
export const CONFIG_SCHEMA = {
  CONFIG_FILE: {
    group: 'Kafka',
    type: 'text',
    default: 'config.json',
    shape: 'file path or `none`',
    doc: 'seed-shaped JSON file read under the environment; `none` reads the environment only',
  },
  SITE_ID: {
    group: 'Kafka',
    type: 'text',
    format: 'id',
    required: true,
    seed: { key: 'groupId' },
    doc: 'our site id: `source_site` of what we publish; own-site records are skipped; not `BLUESKY_SITE_ID` or `TWITTER_SITE_ID`',
  },
  KAFKA_BOOTSTRAP_SERVERS: {
    group: 'Kafka',
    type: 'list',
    format: 'broker',
    required: true,
    seed: { key: 'bootstrapServers' },
    doc: 'brokers to bootstrap from',
  },
  KAFKA_GROUP_ID: {
    group: 'Kafka',
    type: 'text',
    derived: '`SITE_ID`',
    doc: "ingest's consumer group",
  },
  KAFKA_CLIENT_ID: {
    group: 'Kafka',
    type: 'text',
    derived: '`instalite-bridge-<SITE_ID>`',
    doc: 'Kafka client id (shows in broker logs and quotas)',
  },
  INGEST_TOPICS: {
    group: 'Kafka',
    type: 'list',
    format: 'topic',
    required: true,
    seed: { key: 'topic' },
    doc: 'topics ingest consumes',
  },
  PUBLISH_TOPIC: {
    group: 'Kafka',
    type: 'text',
    format: 'topic',
    derived: 'first of `INGEST_TOPICS`',
    seed: { key: 'topic', first: true },
    doc: 'topic publish writes to',
  },
  KAFKA_CONNECTION_TIMEOUT_MS: {
    group: 'Kafka',
    type: 'int',
    default: 3000,
    min: 100,
    doc: 'per-connection timeout',
  },
  KAFKA_REQUEST_TIMEOUT_MS: {
    group: 'Kafka',
    type: 'int',
    default: 10000,
    min: 100,
    doc: 'per-request timeout',
  },
  KAFKA_SESSION_TIMEOUT_MS: {
    group: 'Kafka',
    type: 'int',
    default: 30000,
    min: 1000,
    doc: "ingest's consumer-group session timeout (heartbeat every third of it); the broker bounds it (`group.min.session.timeout.ms`, 6 s by default)",
  },
  KAFKA_AUTH: {
    group: 'Kafka auth',
    type: 'enum',
    values: ['none', 'plain', 'scram-sha-512', 'aws-msk-iam'],
    default: 'none',
    doc: "SASL mechanism; `aws-msk-iam` signs with the function's role (MSK port 9098)",
  },
  KAFKA_TLS: {
    group: 'Kafka auth',
    type: 'enum',
    values: ['true', 'false'],
    derived: '`true` unless `KAFKA_AUTH` is `none`',
    doc: 'TLS to the brokers; must be `true` for `aws-msk-iam`; SASL over plaintext needs an explicit `false`',
  },
  KAFKA_SECRET_ARN: {
    group: 'Kafka auth',
    type: 'text',
    derived: 'required for `plain` and `scram-sha-512`',
    shape: ARN,
    doc: 'Secrets Manager secret `{"username","password"}`, read once per cold start; never logged',
  },
  KAFKA_TLS_CA_SECRET_ARN: {
    group: 'Kafka auth',
    type: 'text',
    shape: ARN,
    doc: 'secret holding the PEM CA certificate(s) of a private CA; unset uses the system CAs; needs `KAFKA_TLS=true`',
  },
  SECRETS_MANAGER_ENDPOINT: {
    group: 'Kafka auth',
    type: 'text',
    shape: 'URL',
    doc: 'only for a local Secrets Manager stand-in (tests)',
  },
  DB_RESOURCE_ARN: {
    group: 'Database',
    type: 'text',
    required: true,
    shape: ARN,
    doc: 'Aurora cluster ARN (Data API enabled)',
  },
  DB_SECRET_ARN: {
    group: 'Database',
    type: 'text',
    required: true,
    shape: ARN,
    doc: 'Secrets Manager secret with the database credentials',
  },
  DB_NAME: {
    group: 'Database',
    type: 'text',
    required: true,
    doc: 'database name',
  },
  DB_ENGINE: {
    group: 'Database',
    type: 'enum',
    values: ['postgres', 'mysql'],
    default: 'postgres',
    doc: 'Aurora PostgreSQL or Aurora MySQL 3: picks the SQL dialect and `schema/<engine>/`; locally it follows `LOCAL_DB_ENGINE`',
  },
  DATA_API_ENDPOINT: {
    group: 'Database',
    type: 'text',
    shape: 'URL',
    doc: 'only for the local emulator (`http://127.0.0.1:8099`)',
  },
  AWS_REGION: {
    group: 'Database',
    type: 'text',
    default: 'us-east-1',
    doc: 'region of the Data API, Secrets Manager and the MSK IAM signature; set by Lambda',
  },
  TOPIC_FAMILIES: {
    group: 'Decoding',
    type: 'text',
    default: DEFAULT_TOPIC_FAMILIES,
    shape: '`topic=family,…`; family `federated`, `bluesky` or `twitter`',
    doc: 'pins topics to an inbound family; other topics are detected by shape',
  },
  BLUESKY_SITE_ID: {
    group: 'Decoding',
    type: 'text',
    format: 'id',
    default: 'bluesky',
    doc: '`source_site` stored for Bluesky posts (reserved: no site may use it)',
  },
  TWITTER_SITE_ID: {
    group: 'Decoding',
    type: 'text',
    format: 'id',
    default: 'twitter',
    doc: '`source_site` stored for Twitter posts (reserved: no site may use it)',
  },
  MAX_TEXT_CHARS: {
    group: 'Decoding',
    type: 'int',
    default: 10000,
    min: 1,
    doc: 'text limit in code points',
  },
  TEXT_OVERFLOW: {
    group: 'Decoding',
    type: 'enum',
    values: ['reject', 'truncate'],
    default: 'reject',
    doc: 'longer text: `reject` quarantines it as `text_too_long`, `truncate` cuts it',
  },
  MAX_IMAGE_URL_CHARS: {
    group: 'Decoding',
    type: 'int',
    default: 2048,
    min: 16,
    doc: 'longest accepted image URL',
  },
  INGEST_BUDGET_MS: {
    group: 'Ingest',
    type: 'int',
    default: 300_000,
    min: 1000,
    // A day: local runs may be long, but a timer over 2^31 - 1 ms fires
    // at once (Node clamps it to 1 ms), which would end the run on start.
    max: 86_400_000,
    doc: 'longest run',
  },
  INGEST_SHUTDOWN_MARGIN_MS: {
    group: 'Ingest',
    type: 'int',
    default: 15_000,
    min: 0,
    doc: 'time kept free before the Lambda deadline to commit, leave the group and record the run',
  },
  INGEST_MAX_BATCH_ROWS: {
    group: 'Ingest',
    type: 'int',
    default: 1000,
    min: 1,
    max: 10_000,
    doc: 'records per write and per commit',
  },
  INGEST_MAX_BATCH_BYTES: {
    group: 'Ingest',
    type: 'int',
    // 2 MiB, not more: 3 partitions × fetch, decode and request copies of
    // 3 MiB peaked at 258 MB RSS over 100,000 records (bench/README.md).
    default: 2 * MIB,
    min: 1024,
    max: 3.5 * MIB,
    doc: 'request bytes per Data API write (its limit is 4 MiB); also the fetch size per partition',
  },
  INGEST_PARTITIONS_CONCURRENTLY: {
    group: 'Ingest',
    type: 'int',
    default: 3,
    min: 1,
    max: 64,
    doc: 'partitions whose chunks are decoded and written at the same time',
  },
  // An HTTP caller must get an answer well inside API Gateway's 29 s, and a
  // record must stay under the broker's default max.message.bytes (1048588
  // bytes, record batch overhead included).
  PUBLISH_TIMEOUT_MS: {
    group: 'Publish',
    type: 'int',
    default: 5000,
    min: 100,
    max: 20_000,
    doc: 'bound on each send (reconnect-and-retry included) and each database call',
  },
  PUBLISH_MAX_MESSAGE_BYTES: {
    group: 'Publish',
    type: 'int',
    default: 1_000_000,
    min: 1024,
    doc: "largest record sent (key + value + headers); the broker's default `max.message.bytes` is 1048588",
  },
  PUBLISH_MAX_BODY_BYTES: {
    group: 'Publish',
    type: 'int',
    default: MIB,
    min: 1024,
    max: 6 * MIB,
    doc: 'largest HTTP request body, after base64 decoding (413 above)',
  },
  PUBLISH_SWEEP_MIN_AGE_SECONDS: {
    group: 'Publish',
    type: 'int',
    default: 300,
    min: 0,
    doc: 'the sweep leaves younger posts to the triggers',
  },
  PUBLISH_SWEEP_LOOKBACK_HOURS: {
    group: 'Publish',
    type: 'int',
    default: 24,
    min: 1,
    doc: 'the sweep only looks at posts created this recently',
  },
  PUBLISH_SWEEP_MAX_POSTS: {
    group: 'Publish',
    type: 'int',
    default: 500,
    min: 1,
    max: 10_000,
    doc: 'most posts one sweep run publishes',
  },
  LOG_LEVEL: {
    group: 'Logging',
    type: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    doc: 'lowest level written',
  },
} as const satisfies Readonly<Record<string, VarSpec>>;

/** The name of a configuration variable. */
export type ConfigName = keyof typeof CONFIG_SCHEMA;

/** The allowed values of an enum variable, as a type. */
export type EnumValue<N extends ConfigName> =
  (typeof CONFIG_SCHEMA)[N] extends {
    readonly values: readonly (infer V extends string)[];
  }
    ? V
    : never;

/** Env names that `serverless.yml` and the README use; from the schema. */
export const CONFIG_ENV_NAMES: readonly ConfigName[] = Object.freeze(
  Object.keys(CONFIG_SCHEMA).filter((name): name is ConfigName =>
    Object.hasOwn(CONFIG_SCHEMA, name),
  ),
);

/** The description of one variable, widened to the common type. */
export function specOf(name: ConfigName): VarSpec {
  return CONFIG_SCHEMA[name];
}
