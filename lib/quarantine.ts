import type { DataApi } from './data-api.js';
import {
  listQuarantineRows,
  readQuarantineRecords,
} from './quarantine-read.js';
import {
  isQuarantineId,
  type QuarantineRecord,
  type QuarantineSummary,
} from './quarantine-record.js';
import {
  emptyReplaySummary,
  type ReplayDeps,
  type ReplaySummary,
  replayRecords,
} from './quarantine-replay.js';
import { SQL, statementFor } from './store-sql.js';

export type {
  QuarantineRecord,
  QuarantineSummary,
} from './quarantine-record.js';
export type { ReplayDeps, ReplaySummary } from './quarantine-replay.js';

/**
 * Quarantined records in id order (oldest first), `limit` at most, after
 * `afterId` (keyset paging: pass the last id of the previous page). A row
 * is at most ~1 KB here, so keep `limit` within hundreds (the Data API's
 * answer is capped at 1 MiB). @throws DatabaseError
 */
export async function listQuarantine(
  db: DataApi,
  options: { reason?: string; limit: number; afterId?: string },
): Promise<QuarantineSummary[]> {
  const rows = await listQuarantineRows(db, options);
  return rows.map((r) => r.summary);
}

/**
 * One quarantined record, whole; undefined when no row has this id (or it
 * is not an id at all). @throws DatabaseError
 */
export async function getQuarantine(
  db: DataApi,
  id: string,
): Promise<QuarantineRecord | undefined> {
  if (!isQuarantineId(id)) return undefined;
  const listed = await listQuarantineRows(db, { ids: [id], limit: 1 });
  const [record] = await readQuarantineRecords(db, listed);
  return record;
}

/** Quarantined records counted by reason, most first. @throws DatabaseError */
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

// Records per page; a page's text is read in calls under 1 MiB each.
const PAGE = 200;

/**
 * Run quarantined records (all, one reason, or the given ids) through the
 * current decoder, page by page, up to the last id there was at the start.
 * A record that now parses is inserted if absent (random local author,
 * `runId`) and leaves the quarantine, as do duplicates and our own site's
 * records; one that still fails stays, with the current reason and detail.
 * Posts are written before rows are deleted, so a replay cut off in
 * between and run again inserts nothing twice. `onProgress` gets records
 * done and the total. @throws DatabaseError
 */
export async function replayQuarantine(
  deps: ReplayDeps,
  filter: { reason?: string; ids?: readonly string[] },
  onProgress?: (done: number, total: number) => void,
): Promise<ReplaySummary> {
  const { db } = deps;
  const summary = emptyReplaySummary();
  const ids = filter.ids?.filter(isQuarantineId);
  if (ids?.length === 0) return summary;
  const [[total = 0, uptoId = '0'] = []] = await db.query(
    statementFor(db.engine, SQL.scopeQuarantineReplay),
    { reason: filter.reason ?? null, ids: ids ? JSON.stringify(ids) : null },
  );
  onProgress?.(0, Number(total));
  for (let afterId = '0'; ; ) {
    const listed = await listQuarantineRows(db, {
      reason: filter.reason,
      ids,
      afterId,
      uptoId: String(uptoId),
      limit: PAGE,
    });
    const last = listed.at(-1);
    if (last === undefined) return summary;
    afterId = last.summary.id;
    await replayRecords(deps, await readQuarantineRecords(db, listed), summary);
    onProgress?.(summary.examined, Number(total));
  }
}
