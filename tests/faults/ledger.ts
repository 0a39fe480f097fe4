/**
 * What the fault suite produced and what it expects of each record, and the
 * figures that check the database against it: lost and duplicated.
 */
import { writeSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import type { DataApi } from '../../lib/data-api.js';

/** What one produced record must become. */
export type Expectation =
  | { readonly kind: 'post'; readonly key: readonly [string, string] }
  | { readonly kind: 'duplicate'; readonly key: readonly [string, string] }
  | { readonly kind: 'quarantine' }
  | { readonly kind: 'own_site' };

/** A record to produce, with what it must become. */
export interface Planned {
  readonly value: Buffer | null;
  readonly key: Buffer | null;
  readonly expect: Expectation;
}

/** A produced record: where the broker put it. */
export interface Produced extends Planned {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Seeded PRNG (mulberry32): the same seed gives the same scenario. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const federated = (site: string, id: string, text: string) =>
  Buffer.from(
    JSON.stringify({
      username: `author-${id}`,
      source_site: site,
      post_uuid_within_site: id,
      post_text: text,
    }),
  );

/**
 * `count` federated records: mostly new posts, with own-site echoes and
 * repeats of earlier keys mixed in at random, and `poison` records spread
 * evenly through the stream.
 */
export function planRecords(
  count: number,
  random: () => number,
  poison: readonly Buffer[] = [],
  prefix = 'p',
): Planned[] {
  const planned: Planned[] = [];
  const keys: [string, string][] = [];
  const every = poison.length > 0 ? Math.floor(count / poison.length) : 0;
  for (let i = 0; i < count; i += 1) {
    const bad = every > 0 && i % every === 0 ? poison[i / every] : undefined;
    const roll = random();
    const id = `${prefix}-${i}`;
    if (bad) {
      planned.push({ value: bad, key: null, expect: { kind: 'quarantine' } });
    } else if (roll < 0.02) {
      const value = federated('tidepool', id, 'echo');
      planned.push({ value, key: null, expect: { kind: 'own_site' } });
    } else if (roll < 0.04 && keys.length > 0) {
      const key = keys[Math.floor(random() * keys.length)] ?? ['g58', id];
      const value = federated(key[0], key[1], 'again');
      planned.push({ value, key: null, expect: { kind: 'duplicate', key } });
    } else {
      const key: [string, string] = ['g58', id];
      keys.push(key);
      const value = federated('g58', id, `post ${i} ${'x'.repeat(i % 200)}`);
      planned.push({ value, key: null, expect: { kind: 'post', key } });
    }
  }
  return planned;
}

/**
 * Produce records round-robin over the partitions, acks=all, and note each
 * one's offset (one producer, explicit partitions: offsets are contiguous).
 */
export async function produceTracked(
  kafka: Kafka,
  topic: string,
  partitions: number,
  planned: readonly Planned[],
): Promise<Produced[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const produced: Produced[] = [];
  try {
    for (let p = 0; p < partitions; p += 1) {
      const mine = planned.filter((_, i) => i % partitions === p);
      for (let i = 0; i < mine.length; i += 500) {
        const slice = mine.slice(i, i + 500);
        const [meta] = await producer.send({
          topic,
          acks: -1,
          messages: slice.map((r) => ({
            key: r.key,
            value: r.value,
            partition: p,
          })),
        });
        const base = BigInt(meta?.baseOffset ?? '-1');
        if (base < 0n) throw new Error(`no offset for ${topic}:${p}`);
        for (const [j, r] of slice.entries()) {
          produced.push({
            ...r,
            topic,
            partition: p,
            offset: base + BigInt(j),
          });
        }
      }
    }
  } finally {
    await producer.disconnect();
  }
  return produced;
}

/** What a scenario prints and asserts on. */
export interface Figures {
  readonly produced: number;
  readonly rows: number;
  readonly quarantined: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Rows that no produced record asked for (an echo or a stray row). */
  readonly unexpected: number;
  readonly hasUniqueIndex: boolean;
}

const count = async (
  db: DataApi,
  name: string,
  sql: string,
  params: Record<string, string> = {},
): Promise<number> => Number((await db.query({ name, sql }, params))[0]?.[0]);

/** Compare the database with what was produced. */
export async function measure(
  db: DataApi,
  produced: readonly Produced[],
): Promise<Figures> {
  const postKeys = produced.flatMap((r) =>
    r.expect.kind === 'post'
      ? [{ s: r.expect.key[0], i: r.expect.key[1] }]
      : [],
  );
  const qKeys = produced.flatMap((r) =>
    r.expect.kind === 'quarantine'
      ? [{ t: r.topic, p: r.partition, o: r.offset.toString() }]
      : [],
  );
  const params = { posts: JSON.stringify(postKeys), q: JSON.stringify(qKeys) };
  const lostPosts = await count(
    db,
    'faultLostPosts',
    `SELECT count(*) FROM json_to_recordset(:posts::json) AS k(s text, i text)
     WHERE NOT EXISTS (SELECT 1 FROM posts p
       WHERE p.source_site = k.s AND p.original_post_id = k.i)`,
    params,
  );
  const lostQuarantine = await count(
    db,
    'faultLostQuarantine',
    `SELECT count(*) FROM json_to_recordset(:q::json) AS k(t text, p int, o bigint)
     WHERE NOT EXISTS (SELECT 1 FROM ingest_quarantine q
       WHERE q.topic = k.t AND q.kafka_partition = k.p AND q.kafka_offset = k.o)`,
    params,
  );
  const rows = await count(
    db,
    'faultRows',
    'SELECT count(*) FROM posts WHERE source_site IS NOT NULL',
  );
  const quarantined = await count(
    db,
    'faultQuarantined',
    'SELECT count(*) FROM ingest_quarantine',
  );
  const duplicated =
    (await count(
      db,
      'faultDuplicatePosts',
      `SELECT count(*) FROM (SELECT 1 FROM posts WHERE source_site IS NOT NULL
       GROUP BY source_site, original_post_id HAVING count(*) > 1) d`,
    )) +
    (await count(
      db,
      'faultDuplicateQuarantine',
      `SELECT count(*) FROM (SELECT 1 FROM ingest_quarantine
       GROUP BY topic, kafka_partition, kafka_offset HAVING count(*) > 1) d`,
    ));
  const hasUniqueIndex =
    (await count(
      db,
      'faultUniqueIndex',
      `SELECT count(*) FROM pg_indexes WHERE tablename = 'posts'
       AND indexname = 'posts_source_site_original_post_id_key'
       AND indexdef LIKE 'CREATE UNIQUE INDEX%'`,
    )) === 1;
  return {
    produced: produced.length,
    rows,
    quarantined,
    lost: lostPosts + lostQuarantine,
    duplicated,
    unexpected: rows - postKeys.length + quarantined - qKeys.length,
    hasUniqueIndex,
  };
}

/**
 * Print a line of the suite's output now: synchronously, because jest
 * force-exits and would drop a pending write to a pipe.
 */
export function say(line: string): void {
  writeSync(1, line.endsWith('\n') ? line : `${line}\n`);
}

/** Print a scenario's figures in one line, for the suite's output. */
export function report(scenario: string, seed: number, f: Figures): void {
  say(
    `[faults] ${scenario} seed=${seed} produced=${f.produced} rows=${f.rows} ` +
      `quarantined=${f.quarantined} lost=${f.lost} duplicated=${f.duplicated} ` +
      `unexpected=${f.unexpected} uniqueIndex=${f.hasUniqueIndex}\n`,
  );
}
