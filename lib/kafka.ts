import {
  Kafka,
  logLevel,
  type Message,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';
import type { KafkaConfig } from './config.js';
import { KafkaPublishError } from './errors.js';
import type { Logger } from './logging.js';

// kafkajs logs each retry of a connection as an error; the bridge reports the
// final failure itself, so kafkajs' own errors are warnings here.
const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Build the kafkajs client once per cold start; its logs go to `logger`. */
export function createKafka(config: KafkaConfig, logger: Logger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // Few, short retries: a broker that cannot be reached must fail the
    // invocation in seconds (DESIGN.md contract 6), not minutes.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...fields } = entry.log;
      logger[levelNames[entry.level] ?? 'info'](`kafkajs: ${message}`, {
        namespace: entry.namespace,
        ...fields,
      });
    },
  });
}

/** Sends records; one per warm Lambda, connected on first use. */
export interface PostProducer {
  /** @throws KafkaPublishError (retriable when the broker may recover). */
  send(topic: string, messages: readonly Message[]): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/** A lazily connected producer; concurrent callers share one connect. */
export function createPostProducer(kafka: Kafka, logger: Logger): PostProducer {
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: false,
  });
  let connecting: Promise<void> | undefined;
  const connect = () => {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  const sendOnce = async (topic: string, messages: readonly Message[]) => {
    await connect();
    return producer.send({ topic, acks: -1, messages: [...messages] });
  };
  return {
    async send(topic, messages) {
      try {
        return await sendOnce(topic, messages);
      } catch (first: unknown) {
        // An idle warm Lambda may hold a socket the broker already closed:
        // reconnect and try once more before giving up.
        logger.warn('Kafka send failed; reconnecting once', {
          topic,
          error: first,
        });
        connecting = undefined;
        try {
          return await sendOnce(topic, messages);
        } catch (error: unknown) {
          throw new KafkaPublishError(
            `Could not send ${messages.length} record(s) to topic ${topic}: ${describe(error)}`,
            topic,
            isRetriable(error),
            { cause: error },
          );
        }
      }
    },
    async disconnect() {
      connecting = undefined;
      await producer.disconnect();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// kafkajs wraps the last failure once its own retries are spent; a broker
// that could not be reached is worth retrying later, a refused record is not.
const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

function isRetriable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; ) {
    if (CONNECTION_ERRORS.has(e.name) || Reflect.get(e, 'retriable') === true) {
      return true;
    }
    e = Reflect.get(e, 'originalError') ?? e.cause;
  }
  return false;
}
