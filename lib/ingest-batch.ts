import type { CallOptions, DataApi } from './data-api.js';
import type { DecodeSettings } from './inbound/types.js';
import { type Counts, chunkRows, planBatch } from './ingest-plan.js';
import type { RawRecord } from './kafka-records.js';
import { insertPosts, insertQuarantine } from './store.js';

/** Limits on one Data API write. */
export interface WriteLimits {
  readonly maxBatchRows: number;
  readonly maxBatchBytes: number;
}

/**
 * Decode, then durably write one batch: quarantine rows, then posts (marked
 * with `runId`). When it returns, every record has its outcome stored and
 * its offset may be committed. @throws DatabaseError when a write fails for
 * good.
 */
export async function ingestBatch(
  db: DataApi,
  records: readonly RawRecord[],
  settings: DecodeSettings,
  pickUserId: () => number,
  limits: WriteLimits,
  runId: string,
  options: CallOptions,
): Promise<Counts> {
  const plan = planBatch(records, settings, pickUserId);
  const { maxBatchRows, maxBatchBytes } = limits;
  for (const rows of chunkRows(
    plan.quarantineRows,
    maxBatchRows,
    maxBatchBytes,
  )) {
    await insertQuarantine(db, rows, options);
  }
  let inserted = 0;
  for (const rows of chunkRows(plan.postRows, maxBatchRows, maxBatchBytes)) {
    inserted += (await insertPosts(db, rows, runId, options)).size;
  }
  const counts = plan.counts;
  counts.inserted = inserted;
  counts.duplicate = plan.postRows.length - inserted + plan.inBatchDuplicates;
  return counts;
}
