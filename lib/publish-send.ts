import type { Message } from 'kafkajs';
import { KafkaPublishError } from './errors.js';
import type { PostProducer } from './kafka-producer.js';

/** How one record's send ended. */
export type SendOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly retriable: boolean };

const byteLength = (v: Message['key'] | undefined): number =>
  v === null || v === undefined ? 0 : Buffer.byteLength(v);

/** Bytes of a record's key, value and headers (what the broker limits); pure. */
export function recordBytes(message: Message): number {
  let total = byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    total += Buffer.byteLength(name);
    for (const v of [value].flat()) total += byteLength(v);
  }
  return total;
}

/** Why a record is too big to send, or null when it fits; pure. */
export function oversizeIssue(message: Message, limit: number): string | null {
  const bytes = recordBytes(message);
  return bytes > limit
    ? `the post is ${bytes} bytes as a Kafka record; the limit is ${limit} bytes`
    : null;
}

const failedWith = (error: KafkaPublishError): SendOutcome => ({
  ok: false,
  error: error.message,
  retriable: error.retriable,
});

async function sendOne(
  producer: PostProducer,
  topic: string,
  message: Message,
): Promise<SendOutcome> {
  try {
    await producer.send(topic, [message]);
    return { ok: true };
  } catch (error: unknown) {
    if (!(error instanceof KafkaPublishError)) throw error;
    return failedWith(error);
  }
}

/**
 * Send records in one request; when the broker refuses it for a reason a
 * retry would not fix (a record over its size limit, say), send each record
 * alone so only the bad one fails. Outcomes are in input order.
 * @throws Error only for programming errors; Kafka failures are outcomes.
 */
export async function sendEach(
  producer: PostProducer,
  topic: string,
  messages: readonly Message[],
): Promise<SendOutcome[]> {
  if (messages.length === 0) return [];
  try {
    await producer.send(topic, messages);
    return messages.map(() => ({ ok: true }));
  } catch (error: unknown) {
    if (!(error instanceof KafkaPublishError)) throw error;
    // An unreachable broker fails every record alike: no point splitting.
    if (error.retriable || messages.length === 1) {
      return messages.map(() => failedWith(error));
    }
    return Promise.all(messages.map((m) => sendOne(producer, topic, m)));
  }
}
