import { decodeRecord } from './inbound/decode.js';
import { replaceLoneSurrogates } from './inbound/text.js';
import type { DecodeSettings } from './inbound/types.js';
import { encodeBytes, type RawRecord } from './kafka-records.js';
import { naturalKey, type PostRow, type QuarantineRow } from './store.js';

/** Per-outcome counts of a batch or a run. */
export interface Counts {
  consumed: number;
  inserted: number;
  duplicate: number;
  skipped_own_site: number;
  quarantined: number;
  /** Quarantine reasons and decode notes, counted by name. */
  reasons: Record<string, number>;
  notes: Record<string, number>;
}

/** What one batch of records turns into, before any write. */
export interface BatchPlan {
  /** New posts, first copy of each natural key only, in record order. */
  readonly postRows: PostRow[];
  /** Copies of a key already earlier in this batch: duplicates by rule. */
  readonly inBatchDuplicates: number;
  readonly quarantineRows: QuarantineRow[];
  readonly counts: Counts;
}

/** Zeroed counts. */
export function emptyCounts(): Counts {
  return {
    consumed: 0,
    inserted: 0,
    duplicate: 0,
    skipped_own_site: 0,
    quarantined: 0,
    reasons: {},
    notes: {},
  };
}

/** Add `more` into `total` (mutates and returns `total`). */
export function addCounts(total: Counts, more: Counts): Counts {
  total.consumed += more.consumed;
  total.inserted += more.inserted;
  total.duplicate += more.duplicate;
  total.skipped_own_site += more.skipped_own_site;
  total.quarantined += more.quarantined;
  for (const [k, n] of Object.entries(more.reasons)) bump(total.reasons, k, n);
  for (const [k, n] of Object.entries(more.notes)) bump(total.notes, k, n);
  return total;
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Text PostgreSQL can hold: no NUL, no lone surrogate. Deterministic. */
export function databaseSafe(text: string): string {
  return replaceLoneSurrogates(text.replaceAll('\u0000', ''));
}

/**
 * Decode a batch and plan its writes. Pure: the random author choice comes
 * in as `pickUserId`, called once per new post.
 */
export function planBatch(
  records: readonly RawRecord[],
  settings: DecodeSettings,
  pickUserId: () => number,
): BatchPlan {
  const counts = emptyCounts();
  const postRows: PostRow[] = [];
  const quarantineRows: QuarantineRow[] = [];
  const seen = new Set<string>();
  let inBatchDuplicates = 0;
  for (const record of records) {
    counts.consumed += 1;
    const decision = decodeRecord(record.value, record.topic, settings);
    if (decision.outcome === 'skipped_own_site') {
      counts.skipped_own_site += 1;
    } else if (decision.outcome === 'quarantined') {
      quarantineRows.push(
        toQuarantineRow(record, decision.reason, decision.detail),
      );
      counts.quarantined += 1;
      bump(counts.reasons, decision.reason);
    } else {
      const { post } = decision;
      const row: PostRow = {
        user_id: 0,
        text: post.text,
        image_url: post.imageUrl,
        content_type: post.contentType,
        created_at: post.createdAt?.toISOString() ?? null,
        source_site: databaseSafe(post.sourceSite),
        original_post_id: databaseSafe(post.originalPostId),
        author_name: databaseSafe(post.authorName),
      };
      const key = naturalKey(row.source_site, row.original_post_id);
      if (seen.has(key)) {
        inBatchDuplicates += 1;
        continue;
      }
      seen.add(key);
      for (const note of decision.notes) bump(counts.notes, note);
      postRows.push({ ...row, user_id: pickUserId() });
    }
  }
  return { postRows, inBatchDuplicates, quarantineRows, counts };
}

/** The quarantine row for a record: everything needed to replay it. */
export function toQuarantineRow(
  record: RawRecord,
  reason: string,
  detail: string,
): QuarantineRow {
  const key = record.key ? encodeBytes(record.key) : null;
  const value = record.value ? encodeBytes(record.value) : null;
  return {
    topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
    record_key: key?.data ?? null,
    key_encoding: key?.encoding ?? null,
    headers: JSON.stringify(record.headers),
    raw_value: value?.data ?? null,
    value_encoding: value?.encoding ?? 'null',
    reason,
    detail: databaseSafe(detail),
  };
}

/**
 * Split rows into write batches under `maxRows` and `maxBytes`, measured as
 * the JSON-escaped size each row adds to the request body.
 */
export function chunkRows<T>(
  rows: readonly T[],
  maxRows: number,
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(JSON.stringify(row))) + 1;
    if (
      current.length > 0 &&
      (current.length >= maxRows || bytes + size > maxBytes)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
