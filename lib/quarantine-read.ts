import type { DataApi, Row } from './data-api.js';
import {
  LAST_QUARANTINE_ID,
  parseHeaders,
  type QuarantineRecord,
  type QuarantineSummary,
} from './quarantine-record.js';
import { fromSqlTimestamp } from './store.js';
import { SQL, statementFor } from './store-sql.js';

/** Which quarantine rows a listing covers (ids as digit strings). */
export interface QuarantineFilter {
  readonly reason?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly afterId?: string | undefined;
  readonly uptoId?: string | undefined;
  readonly limit: number;
}

/** A listed row with the size of its stored text, to plan its reading. */
export interface ListedRow {
  readonly summary: QuarantineSummary;
  readonly storedChars: number;
}

/** Detail characters a listing shows. */
export const DETAIL_CHARS = 200;
// One read answers at most this many characters of stored text. The Data
// API fails an answer over 1 MiB (spec §6); escaped JSON can take up to 12
// bytes per character (a \u-escaped surrogate pair), so 64 Ki characters
// stay under it with room for the other columns.
const CHARS_PER_READ = 65_536;

const str = (v: Row[number] | undefined) => (v == null ? '' : String(v));
const maybeStr = (v: Row[number] | undefined) => (v == null ? null : String(v));
function valueEncodingOf(
  v: Row[number] | undefined,
): 'utf8' | 'base64' | 'null' {
  return v === 'utf8' ? 'utf8' : v === 'base64' ? 'base64' : 'null';
}
function keyEncodingOf(v: Row[number] | undefined): 'utf8' | 'base64' | null {
  return v === 'utf8' ? 'utf8' : v === 'base64' ? 'base64' : null;
}

/** Quarantine rows in id order, after `afterId`. @throws DatabaseError */
export async function listQuarantineRows(
  db: DataApi,
  filter: QuarantineFilter,
): Promise<ListedRow[]> {
  const rows = await db.query(statementFor(db.engine, SQL.listQuarantine), {
    after: filter.afterId ?? '0',
    upto: filter.uptoId ?? LAST_QUARANTINE_ID,
    reason: filter.reason ?? null,
    ids: filter.ids ? JSON.stringify(filter.ids) : null,
    limit: filter.limit,
    detail_chars: DETAIL_CHARS,
  });
  return rows.map((r) => ({
    summary: {
      id: str(r[0]),
      topic: str(r[1]),
      partition: Number(r[2]),
      offset: str(r[3]),
      reason: str(r[4]),
      detail: str(r[5]),
      isDetailCut: Number(r[6]) > DETAIL_CHARS,
      quarantinedAt: fromSqlTimestamp(str(r[7])),
      valueEncoding: valueEncodingOf(r[8]),
      valueBytes: Number(r[9] ?? 0),
    },
    storedChars: Number(r[10] ?? 0),
  }));
}

/**
 * The whole records of listed rows, in id order; rows deleted meanwhile are
 * left out. Reads several small rows per call and a long one in pieces, so
 * no answer passes the Data API's 1 MiB limit. @throws DatabaseError
 */
export async function readQuarantineRecords(
  db: DataApi,
  listed: readonly ListedRow[],
): Promise<QuarantineRecord[]> {
  const records: QuarantineRecord[] = [];
  let group: string[] = [];
  let chars = 0;
  const flush = async (len: number) => {
    if (group.length > 0) records.push(...(await readGroup(db, group, len)));
    group = [];
    chars = 0;
  };
  for (const { summary, storedChars } of listed) {
    if (storedChars > CHARS_PER_READ) {
      await flush(CHARS_PER_READ);
      group = [summary.id];
      // Four text columns share one answer.
      await flush(CHARS_PER_READ / 4);
      continue;
    }
    if (chars + storedChars > CHARS_PER_READ) await flush(CHARS_PER_READ);
    group.push(summary.id);
    chars += storedChars;
  }
  await flush(CHARS_PER_READ);
  return records;
}

const codePoints = (s: string | null) => {
  let n = 0;
  for (const _ of s ?? '') n += 1;
  return n;
};

async function readGroup(
  db: DataApi,
  ids: readonly string[],
  len: number,
): Promise<QuarantineRecord[]> {
  const statement = statementFor(db.engine, SQL.readQuarantineChunk);
  const parts = new Map<string, { row: Row; text: (string | null)[] }>();
  for (let from = 1, isMore = true; isMore; from += len) {
    isMore = false;
    const rows = await db.query(statement, {
      ids: JSON.stringify(ids),
      from,
      len,
    });
    for (const row of rows) {
      const chunk = row.slice(8, 12).map(maybeStr);
      const seen = parts.get(str(row[0]));
      if (seen === undefined) parts.set(str(row[0]), { row, text: chunk });
      else seen.text = seen.text.map((t, i) => concat(t, chunk[i] ?? null));
      if (chunk.some((c) => codePoints(c) === len)) isMore = true;
    }
  }
  return [...parts.values()].map(({ row, text }) => toRecord(row, text));
}

const concat = (a: string | null, b: string | null) =>
  a === null && b === null ? null : (a ?? '') + (b ?? '');

function toRecord(
  row: Row,
  text: readonly (string | null)[],
): QuarantineRecord {
  const [key = null, headers = null, value = null, detail = null] = text;
  return {
    id: str(row[0]),
    topic: str(row[1]),
    partition: Number(row[2]),
    offset: str(row[3]),
    key,
    keyEncoding: keyEncodingOf(row[4]),
    headers: parseHeaders(headers),
    value,
    valueEncoding: valueEncodingOf(row[5]),
    reason: str(row[6]),
    detail: detail ?? '',
    quarantinedAt: fromSqlTimestamp(str(row[7])),
  };
}
