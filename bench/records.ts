/**
 * Real-shaped ingest records: the shared samples that ingest stores
 * (federated flat and nested, Bluesky, Twitter), each with a fresh natural
 * key, and every tenth record a copy of an earlier one (10% duplicates).
 */
import { loadConfig } from '../lib/config.js';
import { decodeRecord } from '../lib/inbound/decode.js';
import { localEnv } from '../local/local-env.js';
import {
  NDJSON_SAMPLES,
  readExpectedEntries,
  readNdjsonRecords,
} from '../local/samples.js';

/** One record to produce: the key is the post id, as publish does. */
export interface BenchRecord {
  readonly key: string;
  readonly value: Buffer;
}

interface Template {
  readonly text: string;
  /** The id text to replace (its first occurrence is the key). */
  readonly id: string;
  readonly family: 'federated' | 'bluesky' | 'twitter';
}

// Templates are checked once against the real decoder on a pinned-free topic.
const PROBE_TOPIC = 'bench-probe';

function familyOf(topic: string): Template['family'] {
  if (topic === 'Bluesky-Kafka') return 'bluesky';
  if (topic === 'Twitter-Kafka') return 'twitter';
  return 'federated';
}

/** 19 digits: valid as a federated id, a tweet id and a Bluesky rkey. */
function freshId(tag: string, index: number): string {
  return `9${tag}${String(index).padStart(12, '0')}`;
}

function withId(t: Template, id: string): string {
  const replacement =
    t.family === 'bluesky'
      ? `at://did:plc:benchauthor/app.bsky.feed.post/${id}`
      : id;
  const at = t.text.indexOf(t.id);
  return t.text.slice(0, at) + replacement + t.text.slice(at + t.id.length);
}

/**
 * The sample records that ingest inserts, as templates whose key can be
 * replaced. @throws Error when a template does not decode to its new key.
 */
export function loadTemplates(): Template[] {
  const settings = loadConfig(localEnv({ CONFIG_FILE: 'none' })).decode;
  const inserted = readExpectedEntries().filter(
    (e) => e.outcome === 'inserted' && e.key !== undefined,
  );
  const templates: Template[] = [];
  for (const { file, topic } of NDJSON_SAMPLES) {
    const lines = readNdjsonRecords(file, topic);
    for (const entry of inserted.filter((e) => e.file === file)) {
      const value = lines[entry.line - 1]?.value;
      const id = entry.key?.[1];
      if (!value || id === undefined) continue;
      const t = { text: value.toString('utf8'), id, family: familyOf(topic) };
      const probe = withId(t, freshId('000000', 1));
      const decision = decodeRecord(Buffer.from(probe), PROBE_TOPIC, settings);
      const key =
        decision.outcome === 'post' ? decision.post.originalPostId : '';
      if (!key.endsWith(freshId('000000', 1))) {
        throw new Error(`${file}:${entry.line} does not take a fresh key`);
      }
      templates.push(t);
    }
  }
  return templates;
}

/** `count` records cycling through the templates; 10% repeat an earlier key. */
export function makeRecords(
  templates: readonly Template[],
  count: number,
  tag: string,
): BenchRecord[] {
  const records: BenchRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    // A copy of a recent record, as a replayed or re-sent post would be.
    const earlier = records[i - 1 - ((i * 37) % Math.min(i, 500))];
    if (i % 10 === 9 && earlier) {
      records.push(earlier);
      continue;
    }
    const t = templates[i % templates.length];
    if (!t) throw new Error('no templates');
    const id = freshId(tag, i);
    records.push({ key: id, value: Buffer.from(withId(t, id)) });
  }
  return records;
}
