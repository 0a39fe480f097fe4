import { KafkaConsumeError } from './errors.js';

/** Why a consumer could not start or went on: the cause users must fix. */
export type KafkaCause =
  | 'unreachable'
  | 'authentication'
  | 'authorisation'
  | 'missing_topic'
  | 'group_unavailable'
  | 'rebalance'
  | 'other';

// kafkajs protocol error types (Kafka error codes by name), grouped by what
// the operator must do about them.
const AUTHORISATION = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
const AUTHENTICATION = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
]);
// The member lost its place in the group: rows already written stay, the
// offsets are replayed by whoever owns the partition next (idempotent).
const REBALANCE = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
]);
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
]);

/** The error and everything it wraps (kafkajs `originalError`, `cause`). */
function chainOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 10; ) {
    chain.push(e);
    e = Reflect.get(e, 'originalError') ?? e.cause;
  }
  return chain;
}

/** Classify a kafkajs failure by error name and protocol type, never text. */
export function classifyKafkaError(error: unknown): KafkaCause {
  const chain = chainOf(error);
  const types = chain.map((e) => String(Reflect.get(e, 'type') ?? ''));
  const names = chain.map((e) => e.name);
  if (types.some((t) => AUTHORISATION.has(t))) return 'authorisation';
  if (
    names.includes('KafkaJSSASLAuthenticationError') ||
    types.some((t) => AUTHENTICATION.has(t))
  ) {
    return 'authentication';
  }
  if (types.includes('UNKNOWN_TOPIC_OR_PARTITION')) return 'missing_topic';
  // kafkajs swallows FindCoordinator's GROUP_AUTHORIZATION_FAILED and throws
  // this instead, so a denied group and a starting broker look alike.
  if (names.includes('KafkaJSGroupCoordinatorNotFound')) {
    return 'group_unavailable';
  }
  if (types.some((t) => REBALANCE.has(t))) return 'rebalance';
  if (names.some((n) => UNREACHABLE.has(n))) return 'unreachable';
  return 'other';
}

const ADVICE: Record<KafkaCause, string> = {
  unreachable:
    'the brokers could not be reached; check KAFKA_BOOTSTRAP_SERVERS and ' +
    'network access to the brokers',
  authentication:
    'the brokers refused our credentials; check the Kafka auth settings',
  authorisation:
    'the brokers denied access (ACL); grant this principal read on the ' +
    'topics and the consumer group',
  missing_topic: 'a topic does not exist; create it or fix INGEST_TOPICS',
  group_unavailable:
    'no coordinator answered for the consumer group: either the brokers are ' +
    'still starting, or this principal may not use the group (a missing ' +
    'group ACL is reported this way); check the group ACLs',
  rebalance: 'the consumer group rebalanced',
  other: 'see the cause',
};

/**
 * Wrap a kafkajs failure as a KafkaConsumeError naming its cause; only an
 * unreachable broker or a rebalance is worth retrying later. Pure.
 */
export function explainKafkaError(
  error: unknown,
  what: string,
): KafkaConsumeError {
  if (error instanceof KafkaConsumeError) return error;
  const cause = classifyKafkaError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new KafkaConsumeError(
    `Kafka ${what} failed (${cause}): ${message}; ${ADVICE[cause]}.`,
    cause === 'unreachable' || cause === 'rebalance',
    { cause: error },
  );
}
