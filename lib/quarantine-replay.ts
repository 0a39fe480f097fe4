import { CONFIG_SCHEMA } from './config-schema.js';
import type { DataApi } from './data-api.js';
import type { DecodeSettings } from './inbound/types.js';
import type { WriteLimits } from './ingest-batch.js';
import { chunkRows, planBatch } from './ingest-plan.js';
import {
  type QuarantineRecord,
  toRawRecordFromQuarantine,
} from './quarantine-record.js';
import { insertPosts, type QuarantineRow } from './store.js';
import { SQL, statementFor } from './store-sql.js';

/** What a replay did, by outcome; `reasons` counts what still fails. */
export interface ReplaySummary {
  examined: number;
  inserted: number;
  duplicate: number;
  skipped_own_site: number;
  still_quarantined: number;
  reasons: Record<string, number>;
}

/** What a replay needs: the database, the current decoder settings, ids. */
export interface ReplayDeps {
  readonly db: DataApi;
  readonly decode: DecodeSettings;
  /** A uniformly random local user id, called once per new post. */
  readonly pickUserId: () => number;
  /** Marks the posts it inserts (`ingest_run_id`), e.g. `replay-<uuid>`. */
  readonly runId: string;
  /** Write batch limits; ingest's defaults when absent. */
  readonly limits?: WriteLimits;
}

/** A replay that has done nothing yet. */
export const emptyReplaySummary = (): ReplaySummary => ({
  examined: 0,
  inserted: 0,
  duplicate: 0,
  skipped_own_site: 0,
  still_quarantined: 0,
  reasons: {},
});

// Ingest's own defaults, so a replay writes batches ingest would write.
const DEFAULT_LIMITS: WriteLimits = {
  maxBatchRows: CONFIG_SCHEMA.INGEST_MAX_BATCH_ROWS.default,
  maxBatchBytes: CONFIG_SCHEMA.INGEST_MAX_BATCH_BYTES.default,
};

const recordKey = (topic: string, partition: number, offset: string) =>
  JSON.stringify([topic, partition, offset]);

/**
 * Which records the current decoder resolves (a post, a duplicate, our own
 * site) and which still fail with a new reason or detail. Pure.
 */
export function sortOutcomes(
  records: readonly QuarantineRecord[],
  stillFailing: readonly QuarantineRow[],
) {
  const verdicts = new Map(
    stillFailing.map((q) => [
      recordKey(q.topic, q.kafka_partition, q.kafka_offset),
      q,
    ]),
  );
  const changed: { id: string; reason: string; detail: string }[] = [];
  const resolved: string[] = [];
  for (const r of records) {
    const v = verdicts.get(recordKey(r.topic, r.partition, r.offset));
    if (v === undefined) resolved.push(r.id);
    else if (v.reason !== r.reason || v.detail !== r.detail) {
      changed.push({ id: r.id, reason: v.reason, detail: v.detail });
    }
  }
  return { changed, resolved };
}

/**
 * Replay one page of records: insert the posts they now make (if absent),
 * then store new verdicts, then delete the resolved rows — in that order,
 * so a crash in between leaves rows that a later replay finds duplicate.
 * Adds the outcomes to `summary`. @throws DatabaseError
 */
export async function replayRecords(
  deps: ReplayDeps,
  records: readonly QuarantineRecord[],
  summary: ReplaySummary,
): Promise<void> {
  const { db } = deps;
  const { maxBatchRows, maxBatchBytes } = deps.limits ?? DEFAULT_LIMITS;
  const raw = records.map(toRawRecordFromQuarantine);
  const plan = planBatch(raw, deps.decode, deps.pickUserId);
  let inserted = 0;
  for (const rows of chunkRows(plan.postRows, maxBatchRows, maxBatchBytes)) {
    inserted += (await insertPosts(db, rows, deps.runId)).size;
  }
  const { changed, resolved } = sortOutcomes(records, plan.quarantineRows);
  if (changed.length > 0) {
    await db.query(statementFor(db.engine, SQL.updateQuarantineVerdicts), {
      rows: JSON.stringify(changed),
    });
  }
  if (resolved.length > 0) {
    await db.query(statementFor(db.engine, SQL.deleteQuarantine), {
      ids: JSON.stringify(resolved),
    });
  }
  summary.examined += records.length;
  summary.inserted += inserted;
  summary.duplicate += plan.postRows.length - inserted + plan.inBatchDuplicates;
  summary.skipped_own_site += plan.counts.skipped_own_site;
  summary.still_quarantined += plan.counts.quarantined;
  for (const [reason, n] of Object.entries(plan.counts.reasons)) {
    summary.reasons[reason] = (summary.reasons[reason] ?? 0) + n;
  }
}
