import type { EncodedBytes, RawRecord } from './kafka-records.js';

/** One quarantined record in a listing: where it came from and why. */
export interface QuarantineSummary {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  /** The first characters of the detail; `isDetailCut` says if more exist. */
  readonly detail: string;
  readonly isDetailCut: boolean;
  /** ISO-8601 UTC. */
  readonly quarantinedAt: string;
  readonly valueEncoding: 'utf8' | 'base64' | 'null';
  /** Size of the record value in bytes, as it was on the topic. */
  readonly valueBytes: number;
}

/** One quarantined record, whole: everything needed to replay it. */
export interface QuarantineRecord {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly keyEncoding: 'utf8' | 'base64' | null;
  readonly headers: Readonly<Record<string, EncodedBytes>>;
  readonly value: string | null;
  readonly valueEncoding: 'utf8' | 'base64' | 'null';
  readonly reason: string;
  readonly detail: string;
  readonly quarantinedAt: string;
}

const MAX_ID = '9223372036854775807';

/** True for an id the quarantine table could hold (a BIGINT above 0). */
export const isQuarantineId = (id: string) =>
  /^[1-9]\d{0,17}$/.test(id) || (/^\d{19}$/.test(id) && id <= MAX_ID);

/** The largest id, as a keyset bound. */
export const LAST_QUARANTINE_ID = MAX_ID;

/** Stored headers JSON back to its entries; entries of another shape are left out. */
export function parseHeaders(
  json: string | null,
): Record<string, EncodedBytes> {
  const headers: Record<string, EncodedBytes> = {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '{}');
  } catch {
    // Written by ingest with JSON.stringify, so only a hand-edited row lands
    // here; its headers are not needed to decode the value.
    return headers;
  }
  if (typeof parsed !== 'object' || parsed === null) return headers;
  for (const [name, entry] of Object.entries(parsed)) {
    const encoding: unknown = Reflect.get(Object(entry), 'encoding');
    const data: unknown = Reflect.get(Object(entry), 'data');
    if (
      (encoding === 'utf8' || encoding === 'base64') &&
      typeof data === 'string'
    )
      headers[name] = { encoding, data };
  }
  return headers;
}

const toBytes = (data: string | null, encoding: string | null) =>
  data === null || encoding === null || encoding === 'null'
    ? null
    : Buffer.from(data, encoding === 'base64' ? 'base64' : 'utf8');

/** The Kafka record a quarantine row was made from. Pure. */
export function toRawRecordFromQuarantine(record: QuarantineRecord): RawRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: toBytes(record.key, record.keyEncoding),
    value: toBytes(record.value, record.valueEncoding),
    headers: record.headers,
  };
}
