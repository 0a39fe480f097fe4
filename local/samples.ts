/**
 * Loads the shared sample records (../shared/samples, see its README) for
 * unit and integration tests: exact value bytes per record, in file order,
 * and the typed entries of `expected.json`.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the samples live: `SHARED_SAMPLES_DIR`, else ../shared/samples. */
export const SAMPLES_DIR = path.resolve(
  process.env.SHARED_SAMPLES_DIR ??
    path.resolve(process.cwd(), '../shared/samples'),
);

/** The `.ndjson` sample files and the topic each belongs to, in order. */
export const NDJSON_SAMPLES: readonly {
  readonly file: string;
  readonly topic: string;
}[] = [
  { file: 'federated-posts.ndjson', topic: 'FederatedPosts' },
  { file: 'bluesky-kafka.ndjson', topic: 'Bluesky-Kafka' },
  { file: 'twitter-kafka.ndjson', topic: 'Twitter-Kafka' },
];

/** The file of values that cannot be one text line. */
export const SPECIAL_RECORDS_FILE = 'special-records.json';

/** One sample record, as it is produced to Kafka. */
export interface SampleRecord {
  readonly file: string;
  /** 1-based line (ndjson) or array index (special records). */
  readonly line: number;
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** The outcomes `expected.json` uses. */
export type ExpectedOutcome =
  | 'inserted'
  | 'duplicate'
  | 'skipped_own_site'
  | 'quarantined';

/** One entry of `expected.json`; optional fields are absent when unset. */
export interface ExpectedEntry {
  readonly file: string;
  readonly line: number;
  readonly topic: string;
  readonly outcome: ExpectedOutcome;
  readonly reason?: string;
  readonly key?: readonly [string, string];
  readonly author_name?: string;
  readonly content_type?: 'text' | 'image';
  readonly image_url?: string | null;
  readonly created_at?: string | null;
  readonly text_code_points?: number;
  readonly text_sha256?: string;
  readonly text?: string;
  readonly notes?: readonly string[];
  readonly about: string;
}

/**
 * Read a file of the samples folder as bytes.
 * @throws Error saying where it looked when the folder is missing.
 */
export function readSampleFile(file: string): Buffer {
  if (!existsSync(SAMPLES_DIR)) {
    throw new Error(
      `Shared samples folder not found at ${SAMPLES_DIR}; set SHARED_SAMPLES_DIR`,
    );
  }
  return readFileSync(path.join(SAMPLES_DIR, file));
}

/** The records of one `.ndjson` file: split on LF bytes only, no key. */
export function readNdjsonRecords(file: string, topic: string): SampleRecord[] {
  const bytes = readSampleFile(file);
  const records: SampleRecord[] = [];
  let start = 0;
  for (
    let end = bytes.indexOf(0x0a);
    end !== -1;
    end = bytes.indexOf(0x0a, start)
  ) {
    const value = Buffer.from(bytes.subarray(start, end));
    records.push({ file, line: records.length + 1, topic, key: null, value });
    start = end + 1;
  }
  if (start !== bytes.length) {
    throw new Error(`${file}: the last line does not end with LF`);
  }
  return records;
}

/** The records of `special-records.json`, with base64 or null values. */
export function readSpecialRecords(): SampleRecord[] {
  const parsed: unknown = JSON.parse(
    readSampleFile(SPECIAL_RECORDS_FILE).toString('utf8'),
  );
  if (!Array.isArray(parsed)) throw new Error('special records: not an array');
  return parsed.map((element: unknown, index) => {
    const where = `${SPECIAL_RECORDS_FILE}[${index}]`;
    if (!isObject(element)) throw new Error(`${where}: not an object`);
    const { topic, key, value, value_base64: base64 } = element;
    if (typeof topic !== 'string') throw new Error(`${where}: bad topic`);
    if (key !== null && typeof key !== 'string')
      throw new Error(`${where}: bad key`);
    if (typeof base64 !== 'string' && value !== null) {
      throw new Error(`${where}: needs value_base64 or "value": null`);
    }
    return {
      file: SPECIAL_RECORDS_FILE,
      line: index + 1,
      topic,
      key: key === null ? null : Buffer.from(key, 'utf8'),
      value: typeof base64 === 'string' ? Buffer.from(base64, 'base64') : null,
    };
  });
}

/** Every sample record in `expected.json` order: ndjson files, then special. */
export function readAllSampleRecords(): SampleRecord[] {
  return [
    ...NDJSON_SAMPLES.flatMap(({ file, topic }) =>
      readNdjsonRecords(file, topic),
    ),
    ...readSpecialRecords(),
  ];
}

/** The entries of `expected.json`, validated. */
export function readExpectedEntries(): ExpectedEntry[] {
  const parsed: unknown = JSON.parse(
    readSampleFile('expected.json').toString('utf8'),
  );
  if (!Array.isArray(parsed)) throw new Error('expected.json: not an array');
  return parsed.map((entry: unknown, index) => {
    if (!isExpectedEntry(entry)) {
      throw new Error(`expected.json[${index}]: unexpected entry shape`);
    }
    return entry;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OUTCOMES: readonly unknown[] = [
  'inserted',
  'duplicate',
  'skipped_own_site',
  'quarantined',
];
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isAbsentOr = (v: unknown, check: (v: unknown) => boolean) =>
  v === undefined || check(v);

function isExpectedEntry(value: unknown): value is ExpectedEntry {
  if (!isObject(value)) return false;
  const e = value;
  return (
    isString(e.file) &&
    typeof e.line === 'number' &&
    isString(e.topic) &&
    OUTCOMES.includes(e.outcome) &&
    isString(e.about) &&
    isAbsentOr(e.reason, isString) &&
    isAbsentOr(
      e.key,
      (k) => Array.isArray(k) && k.length === 2 && k.every(isString),
    ) &&
    isAbsentOr(e.author_name, isString) &&
    isAbsentOr(e.content_type, (c) => c === 'text' || c === 'image') &&
    isAbsentOr(e.image_url, isStringOrNull) &&
    isAbsentOr(e.created_at, isStringOrNull) &&
    isAbsentOr(e.text_code_points, (n) => typeof n === 'number') &&
    isAbsentOr(e.text_sha256, isString) &&
    isAbsentOr(e.text, isString) &&
    isAbsentOr(e.notes, (n) => Array.isArray(n) && n.every(isString))
  );
}
