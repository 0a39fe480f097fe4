import type { DataApi } from './data-api.js';
import type { DecodeSettings } from './inbound/types.js';
import type { WriteLimits } from './ingest-batch.js';
import { chunkRows, planBatch } from './ingest-plan.js';
import { partitionKey } from './kafka-offsets.js';
import type { RawRecord } from './kafka-records.js';
import {
  isQuarantineId,
  listQuarantineRows,
  type QuarantineRecord,
  type QuarantineSummary,
  readQuarantineRecords,
  toRawRecordFromQuarantine,
} from './quarantine-read.js';
import { insertPosts } from './store.js';
import { SQL, statementFor } from './store-sql.js';

export type { QuarantineRecord, QuarantineSummary } from './quarantine-read.js';

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
  readonly limits?: WriteLimits;
}

/**
 * Quarantined records in id order (oldest first), `limit` at most, after
 * `afterId` (keyset paging: pass the last id of the previous page).
 * @throws DatabaseError
 */
export async function listQuarantine(
  db: DataApi,
  options: { reason?: string; limit: number; afterId?: string },
): Promise<QuarantineSummary[]> {
  const rows = await listQuarantineRows(db, options);
  return rows.map((r) => r.summary);
}

/** One quarantined record, whole; undefined if there is none with this id. @throws DatabaseError */
export async function getQuarantine(
  db: DataApi,
  id: string,
): Promise<QuarantineRecord | undefined> {
  if (!isQuarantineId(id)) return undefined;
  const listed = await listQuarantineRows(db, { ids: [id], limit: 1 });
  const [record] = await readQuarantineRecords(db, listed);
  return record;
}

/** Quarantined records counted by reason, most frequent first. @throws DatabaseError */
export async function countQuarantineByReason(
  db: DataApi,
): Promise<{ reason: string; count: number }[]> {
  const rows = await db.query(
    statementFor(db.engine, SQL.countQuarantineByReason),
  );
  return rows.map(([reason, count]) => ({
    reason: String(reason),
    count: Number(count),
  }));
}

const PAGE = 200;
const DEFAULT_LIMITS: WriteLimits = {
  maxBatchRows: 1000,
  maxBatchBytes: 3 * 1024 * 1024,
};

/**
 * Run quarantined records (all, one reason, or the given ids) through the
 * current decoder, page by page. A record that now parses is inserted if
 * absent (random local author, `runId`) and leaves the quarantine, as do
 * duplicates and our own site's records; one that still fails stays, with
 * the current reason and detail. Posts are written before rows are deleted,
 * so a replay cut off in between and run again inserts nothing twice.
 * @throws DatabaseError
 */
export async function replayQuarantine(
  deps: ReplayDeps,
  filter: { reason?: string; ids?: readonly string[] },
  onProgress?: (done: number, total: number) => void,
): Promise<ReplaySummary> {
  const { db } = deps;
  const summary: ReplaySummary = {
    examined: 0,
    inserted: 0,
    duplicate: 0,
    skipped_own_site: 0,
    still_quarantined: 0,
    reasons: {},
  };
  const ids = filter.ids?.filter(isQuarantineId);
  if (ids?.length === 0) return summary;
  const scope = { reason: filter.reason, ids };
  const [[total = 0, uptoId = '0'] = []] = await db.query(
    statementFor(db.engine, SQL.scopeQuarantineReplay),
    { reason: scope.reason ?? null, ids: ids ? JSON.stringify(ids) : null },
  );
  onProgress?.(0, Number(total));
  for (let afterId = '0'; ; ) {
    const listed = await listQuarantineRows(db, {
      ...scope,
      afterId,
      uptoId: String(uptoId),
      limit: PAGE,
    });
    const last = listed.at(-1);
    if (last === undefined) return summary;
    afterId = last.summary.id;
    await replayPage(deps, await readQuarantineRecords(db, listed), summary);
    onProgress?.(summary.examined, Number(total));
  }
}

const recordKey = (topic: string, partition: number, offset: string) =>
  `${partitionKey(topic, partition)}@${offset}`;

async function replayPage(
  deps: ReplayDeps,
  records: readonly QuarantineRecord[],
  summary: ReplaySummary,
): Promise<void> {
  const { db, decode, pickUserId, runId } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const raw: RawRecord[] = records.map(toRawRecordFromQuarantine);
  const plan = planBatch(raw, decode, pickUserId);
  let inserted = 0;
  for (const rows of chunkRows(
    plan.postRows,
    limits.maxBatchRows,
    limits.maxBatchBytes,
  )) {
    inserted += (await insertPosts(db, rows, runId)).size;
  }
  const verdicts = new Map(
    plan.quarantineRows.map((q) => [
      recordKey(q.topic, q.kafka_partition, q.kafka_offset),
      q,
    ]),
  );
  const changed: { id: string; reason: string; detail: string }[] = [];
  const resolved: string[] = [];
  for (const record of records) {
    const verdict = verdicts.get(
      recordKey(record.topic, record.partition, record.offset),
    );
    if (verdict === undefined) resolved.push(record.id);
    else if (
      verdict.reason !== record.reason ||
      verdict.detail !== record.detail
    )
      changed.push({
        id: record.id,
        reason: verdict.reason,
        detail: verdict.detail,
      });
  }
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
