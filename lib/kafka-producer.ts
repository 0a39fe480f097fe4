import type { Kafka, Message, Producer, RecordMetadata } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { KafkaPublishError } from './errors.js';
import type { Logger } from './logging.js';

/**
 * A {@link PostProducer} over a client from {@link loadKafka}; a failure to
 * load it fails the send as a KafkaPublishError (retriable if a later try
 * may pass), like a broker that cannot be reached.
 */
export function createLazyPostProducer(
  load: () => Promise<Kafka>,
  logger: Logger,
  options: PostProducerOptions = {},
): PostProducer {
  let producer: PostProducer | undefined;
  const ready = async (topic: string): Promise<PostProducer> => {
    if (producer) return producer;
    try {
      const kafka = await load();
      producer ??= createPostProducer(kafka, logger, options);
      return producer;
    } catch (error: unknown) {
      throw new KafkaPublishError(
        `Kafka connection settings unavailable: ${describe(error)}`,
        topic,
        isRetriable(error),
        { cause: error },
      );
    }
  };
  return {
    send: async (topic, messages) => (await ready(topic)).send(topic, messages),
    disconnect: async () => producer?.disconnect(),
  };
}

/** Sends records; one per warm Lambda, connected on first use. */
export interface PostProducer {
  /** @throws KafkaPublishError (retriable when the broker may recover). */
  send(topic: string, messages: readonly Message[]): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/** Options of {@link createPostProducer}. */
export interface PostProducerOptions {
  /** Bound on one send, the reconnect-and-retry included (default 10 s). */
  readonly sendTimeoutMs?: number;
}

/**
 * A lazily connected producer; concurrent callers share one connect. A send
 * that fails on a retriable error (a socket the broker closed while the
 * Lambda was idle) reconnects and is tried once more.
 */
export function createPostProducer(
  kafka: Kafka,
  logger: Logger,
  { sendTimeoutMs = 10_000 }: PostProducerOptions = {},
): PostProducer {
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: false,
    // The murmur2 partitioner the Java client uses, chosen explicitly (which
    // also silences kafkajs' v2 partitioner warning).
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  producer.on(producer.events.CONNECT, () =>
    logger.info('Kafka producer connected'),
  );
  let connecting: Promise<void> | undefined;
  const connect = (): Promise<void> => {
    if (connecting) return connecting;
    const attempt: Promise<void> = producer.connect().catch((e: unknown) => {
      if (connecting === attempt) connecting = undefined;
      throw e;
    });
    connecting = attempt;
    return attempt;
  };
  const sendOnce = async (topic: string, messages: readonly Message[]) => {
    await connect();
    return producer.send({ topic, acks: -1, messages: [...messages] });
  };
  const sendWithRetry = async (topic: string, messages: readonly Message[]) => {
    const attempt = connect();
    try {
      await attempt;
      return await producer.send({ topic, acks: -1, messages: [...messages] });
    } catch (first: unknown) {
      if (!isRetriable(first)) throw first;
      logger.warn('Kafka send failed; reconnecting once', {
        topic,
        error: first,
      });
      // Concurrent failures on the same stale connection reconnect once.
      if (connecting === attempt) connecting = undefined;
      return await sendOnce(topic, messages);
    }
  };
  return {
    async send(topic, messages) {
      try {
        return await withTimeout(sendWithRetry(topic, messages), sendTimeoutMs);
      } catch (error: unknown) {
        throw new KafkaPublishError(
          `Could not send ${messages.length} record(s) to topic ${topic}: ${describe(error)}`,
          topic,
          isRetriable(error),
          { cause: error },
        );
      }
    },
    async disconnect() {
      connecting = undefined;
      await producer.disconnect();
    },
  };
}

/** A send that got no answer in time; worth retrying later. */
class SendTimeoutError extends Error {
  override readonly name = 'SendTimeoutError';
  readonly retriable = true;
}

// The underlying send is not cancelled: it may still land after the timeout,
// which at-least-once delivery allows (the sweep skips what was marked, and
// ingest's natural key absorbs a duplicate).
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SendTimeoutError(`no acknowledgement within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
