import type { DataApi, Row } from './data-api.js';
import { fromSqlTimestamp } from './store.js';
import { SQL, statementFor } from './store-sql.js';

/** Where a partition stood when a run ended (from the run's details). */
export interface RunPartition {
  readonly topic: string;
  readonly partition: number;
  readonly position: string;
  readonly lag: string;
}

/** One ingest run from the history table, details unpacked. */
export interface RunHistoryEntry {
  readonly runId: string;
  /** ISO-8601 UTC. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly endReason: string;
  readonly counts: {
    readonly consumed: number;
    readonly inserted: number;
    readonly duplicate: number;
    readonly skipped_own_site: number;
    readonly quarantined: number;
  };
  /** Quarantine reasons and decode notes of the run, by name. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly notes: Readonly<Record<string, number>>;
  readonly partitions: readonly RunPartition[];
  readonly dataApiCalls: number | null;
  /** Set when the run failed. */
  readonly error: string | null;
}

/**
 * The `limit` most recent ingest runs, newest first. Each row carries its
 * details JSON, so keep `limit` modest (tens) to stay under the Data API's
 * 1 MiB answer. @throws DatabaseError
 */
export async function listRecentRuns(
  db: DataApi,
  limit: number,
): Promise<RunHistoryEntry[]> {
  const rows = await db.query(statementFor(db.engine, SQL.listRecentRuns), {
    limit,
  });
  return rows.map(toEntry);
}

function toEntry(row: Row): RunHistoryEntry {
  const startedAt = fromSqlTimestamp(String(row[1]));
  const endedAt = fromSqlTimestamp(String(row[2]));
  const details = parseDetails(row[9]);
  return {
    runId: String(row[0]),
    startedAt,
    endedAt,
    durationMs: Date.parse(endedAt) - Date.parse(startedAt),
    endReason: String(row[3]),
    counts: {
      consumed: Number(row[4]),
      inserted: Number(row[5]),
      duplicate: Number(row[6]),
      skipped_own_site: Number(row[7]),
      quarantined: Number(row[8]),
    },
    reasons: countsIn(details.reasons),
    notes: countsIn(details.notes),
    partitions: partitionsIn(details.partitions),
    dataApiCalls:
      typeof details.dataApiCalls === 'number' ? details.dataApiCalls : null,
    error: typeof details.error === 'string' ? details.error : null,
  };
}

function parseDetails(text: Row[number] | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(String(text));
    return typeof parsed === 'object' && parsed !== null ? { ...parsed } : {};
  } catch {
    // Written by ingest with JSON.stringify; a row edited by hand shows
    // its counts without details rather than hiding the whole history.
    return {};
  }
}

function countsIn(value: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return counts;
  for (const [name, n] of Object.entries(value)) {
    if (typeof n === 'number') counts[name] = n;
  }
  return counts;
}

function partitionsIn(value: unknown): RunPartition[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    const field = (name: string): unknown => Reflect.get(Object(p), name);
    const [topic, partition] = [field('topic'), field('partition')];
    if (typeof topic !== 'string' || typeof partition !== 'number') return [];
    const position = String(field('position') ?? '');
    return [{ topic, partition, position, lag: String(field('lag') ?? '') }];
  });
}
