import {
  ConfigError,
  DatabaseError,
  describeError,
  KafkaConsumeError,
  KafkaPublishError,
  NoLocalUsersError,
} from '../lib/errors.js';
import { classifyKafkaError } from '../lib/kafka-errors.js';
import { CliError, EXIT, UsageError } from './spec.js';

/** How the CLI reports a failure: exit code, what happened, what to do. */
export interface Failure {
  readonly exitCode: number;
  readonly name: string;
  readonly message: string;
  readonly hint: string;
}

const STACK_UP = 'is the local stack up? npm run stack:up';

function kafkaHint(error: unknown, isLocal: boolean): string | undefined {
  const cause = classifyKafkaError(error);
  if (cause === 'unreachable' || cause === 'group_unavailable') {
    return isLocal
      ? `the broker did not answer: ${STACK_UP}`
      : 'the brokers did not answer: check KAFKA_BOOTSTRAP_SERVERS, the ' +
          'network path and, for a group, its ACLs';
  }
  if (cause === 'missing_topic') {
    return isLocal
      ? 'a topic is missing: npm run demo creates the local topics, or set INGEST_TOPICS'
      : 'a topic is missing: create it or fix INGEST_TOPICS / PUBLISH_TOPIC';
  }
  if (cause === 'authentication' || cause === 'authorisation') {
    return 'check KAFKA_AUTH, KAFKA_SECRET_ARN and the ACLs of this principal';
  }
  return undefined;
}

function databaseHint(error: DatabaseError, isLocal: boolean): string {
  // 3D000 (PostgreSQL) and 42000/1049 (MySQL): no such database.
  if (error.sqlState === '3D000' || /Unknown database/.test(error.message)) {
    return isLocal
      ? 'the local database does not exist (the embedded one is forgotten by stack:down): npm run migrate creates it, npm run demo also fills it'
      : 'DB_NAME names a database that does not exist on this cluster';
  }
  // 42P01 (PostgreSQL) and 42S02 (MySQL): the table does not exist.
  if (error.sqlState === '42P01' || error.sqlState === '42S02') {
    return isLocal
      ? 'a table is missing: npm run migrate (or DB_NAME names another database)'
      : 'a table is missing: npm run migrate:deploy';
  }
  if (error.retriable) {
    return isLocal
      ? `the Data API did not answer: ${STACK_UP}`
      : 'the Data API is unavailable or the database is resuming; try again';
  }
  return 'check DB_RESOURCE_ARN, DB_SECRET_ARN, DB_NAME and DB_ENGINE';
}

function hintFor(error: unknown, isLocal: boolean): string {
  if (error instanceof CliError) return error.hint;
  if (error instanceof ConfigError) {
    return isLocal
      ? 'fix the variables listed'
      : 'set the variables listed (or config.json), or pass --local for the local stack';
  }
  if (error instanceof DatabaseError) return databaseHint(error, isLocal);
  if (error instanceof NoLocalUsersError) {
    return isLocal ? 'npm run demo seeds local users' : 'create a local user';
  }
  const isKafka =
    error instanceof KafkaConsumeError ||
    error instanceof KafkaPublishError ||
    (error instanceof Error && error.name.startsWith('KafkaJS'));
  const kafka = isKafka ? kafkaHint(error, isLocal) : undefined;
  return kafka ?? 'run again with --verbose to see the bridge logs';
}

/** Map anything a command threw to what the CLI prints and exits with. */
export function explainFailure(error: unknown, isLocal: boolean): Failure {
  if (error instanceof UsageError) {
    return {
      exitCode: EXIT.usage,
      name: error.name,
      message: error.message,
      hint: 'see --help',
    };
  }
  return {
    exitCode: EXIT.failure,
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : describeError(error),
    hint: hintFor(error, isLocal),
  };
}
