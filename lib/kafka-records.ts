/** A consumed Kafka record with its bytes, as ingest sees it. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, EncodedBytes>>;
}

/** Bytes stored as text: UTF-8 when they are clean text, else base64. */
export interface EncodedBytes {
  readonly encoding: 'utf8' | 'base64';
  readonly data: string;
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** kafkajs message shape, narrowed to what ingest reads. */
export interface KafkaMessageLike {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
}

// ignoreBOM: a leading byte-order mark is part of the bytes stored whole.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Encode bytes for a text column: UTF-8 if they decode strictly and hold no
 * NUL (PostgreSQL text cannot store U+0000), otherwise base64.
 */
export function encodeBytes(bytes: Uint8Array): EncodedBytes {
  try {
    const text = utf8.decode(bytes);
    if (!text.includes('\u0000')) return { encoding: 'utf8', data: text };
  } catch {
    // Not strict UTF-8: fall through to base64, which holds any bytes.
  }
  return { encoding: 'base64', data: Buffer.from(bytes).toString('base64') };
}

/** Turn a kafkajs message into a RawRecord; pure. */
export function toRawRecord(
  topic: string,
  partition: number,
  message: KafkaMessageLike,
): RawRecord {
  const headers: Record<string, EncodedBytes> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    headers[name] = encodeBytes(
      typeof first === 'string' ? Buffer.from(first) : first,
    );
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
  };
}

/** The offset to commit after `offset`: the next one, exact for int64. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
