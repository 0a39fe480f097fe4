import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, Kafka, logLevel } from 'kafkajs';
import { isBrokerReady } from '../../local/kafka/probe.js';
import { brokerAddress, kafkaVersion } from '../../local/kafka/settings.js';
import { waitFor } from '../helpers/wait-for.js';

// kafkajs 2.2.4 against the local Kafka 4.x broker: every API the bridge
// uses must still have a protocol version both sides speak after KIP-896
// (https://cwiki.apache.org/confluence/x/K5sODg) removed the old ones.

const kafka = new Kafka({
  clientId: 'kafka-broker-test',
  brokers: [brokerAddress],
  logLevel: logLevel.ERROR,
});
let admin: Admin;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  if (!(await isBrokerReady(5000))) {
    throw new Error(
      `No Kafka broker answers on ${brokerAddress}. ` +
        'Start the local stack first: npx tsx local/stack.ts up',
    );
  }
  admin = kafka.admin();
  await admin.connect();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await admin?.disconnect();
});

async function createTopic(purpose: string, partitions = 1): Promise<string> {
  const topic = `test-${purpose}-${randomUUID()}`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
  });
  cleanups.push(() => admin.deleteTopics({ topics: [topic] }));
  return topic;
}

async function produce(topic: string, values: readonly string[]) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    return await producer.send({
      topic,
      acks: -1,
      messages: values.map((value) => ({ key: value, value })),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Run a manual-commit eachBatch consumer that commits every batch.
 * kafkajs `disconnect` waits for the in-flight fetch long poll, so a short
 * `maxWaitTimeInMs` keeps each disconnect well under a second (the 5 s
 * default makes every disconnect take 5 s).
 */
async function consumeAndCommit(
  topic: string,
  groupId: string,
  received: string[],
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  cleanups.push(() => consumer.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        received.push(`${message.offset}:${message.value?.toString()}`);
      }
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: next },
      ]);
    },
  });
  return consumer;
}

async function committedOffset(groupId: string, topic: string) {
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return result?.partitions.find((p) => p.partition === 0)?.offset;
}

describe(`kafkajs against the local Kafka ${kafkaVersion} broker`, () => {
  it('creates and deletes a topic through the admin client', async () => {
    // Prepare
    const topic = `test-admin-${randomUUID()}`;

    // Act
    const isCreated = await admin.createTopics({
      topics: [{ topic, numPartitions: 2 }],
      waitForLeaders: true,
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopics({ topics: [topic] });

    // Assert
    expect(isCreated).toBe(true);
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    await waitFor(
      async () => !(await admin.listTopics()).includes(topic),
      10_000,
      { what: 'topic deleted' },
    );
  });

  it('produces with acks -1 and moves the high watermark', async () => {
    // Prepare
    const topic = await createTopic('produce');

    // Act
    const [result] = await produce(topic, ['a', 'b', 'c']);
    const offsets = await admin.fetchTopicOffsets(topic);

    // Assert
    expect(result).toMatchObject({ topicName: topic, errorCode: 0 });
    expect(offsets).toEqual([
      expect.objectContaining({ partition: 0, low: '0', high: '3' }),
    ]);
  });

  it('rejects a send to a missing topic instead of creating it', async () => {
    // Prepare
    const topic = `test-missing-${randomUUID()}`;
    // Its own client: the expected metadata errors need not be logged.
    const quiet = new Kafka({
      clientId: 'kafka-broker-test-missing-topic',
      brokers: [brokerAddress],
      logLevel: logLevel.NOTHING,
    });
    const producer = quiet.producer({ retry: { retries: 1 } });
    await producer.connect();
    cleanups.push(() => producer.disconnect());

    // Act
    const sending = producer.send({
      topic,
      acks: -1,
      messages: [{ value: 'x' }],
    });

    // Assert
    await expect(sending).rejects.toMatchObject({
      name: 'KafkaJSNumberOfRetriesExceeded',
      cause: { type: 'UNKNOWN_TOPIC_OR_PARTITION' },
    });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('consumes with eachBatch and commits offsets manually', async () => {
    // Prepare
    const topic = await createTopic('commit');
    const groupId = `test-group-${randomUUID()}`;
    await produce(topic, ['a', 'b', 'c']);
    const received: string[] = [];

    // Act
    await consumeAndCommit(topic, groupId, received);
    await waitFor(
      async () => (await committedOffset(groupId, topic)) === '3',
      20_000,
      {
        what: 'offset 3 committed',
      },
    );

    // Assert
    expect(received).toEqual(['0:a', '1:b', '2:c']);
  });

  it('resumes from the committed offset when the group is rejoined', async () => {
    // Prepare
    const topic = await createTopic('rejoin');
    const groupId = `test-group-${randomUUID()}`;
    await produce(topic, ['a', 'b']);
    const first: string[] = [];
    const firstConsumer = await consumeAndCommit(topic, groupId, first);
    await waitFor(
      async () => (await committedOffset(groupId, topic)) === '2',
      20_000,
      {
        what: 'offset 2 committed',
      },
    );
    await firstConsumer.disconnect();
    await produce(topic, ['c', 'd']);
    const second: string[] = [];

    // Act
    await consumeAndCommit(topic, groupId, second);
    await waitFor(
      async () => (await committedOffset(groupId, topic)) === '4',
      20_000,
      {
        what: 'offset 4 committed',
      },
    );

    // Assert
    expect(first).toEqual(['0:a', '1:b']);
    expect(second).toEqual(['2:c', '3:d']);
  });
});
