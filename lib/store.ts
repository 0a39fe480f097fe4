import { randomUUID } from 'node:crypto';
import type { CallOptions, DataApi } from './data-api.js';
import { NoLocalUsersError } from './errors.js';
import { SQL, statementFor } from './store-sql.js';

/** One foreign post as it is written to the posts table. */
export interface PostRow {
  readonly user_id: number;
  readonly text: string;
  readonly image_url: string | null;
  readonly content_type: 'text' | 'image';
  readonly created_at: string | null;
  readonly source_site: string;
  readonly original_post_id: string;
  readonly author_name: string;
}

/** One quarantined record, stored whole. */
export interface QuarantineRow {
  readonly topic: string;
  readonly kafka_partition: number;
  readonly kafka_offset: string;
  readonly record_key: string | null;
  readonly key_encoding: 'utf8' | 'base64' | null;
  readonly headers: string;
  readonly raw_value: string | null;
  readonly value_encoding: 'utf8' | 'base64' | 'null';
  readonly reason: string;
  readonly detail: string;
}

/** One ingest run for the history table. */
export interface RunRow {
  readonly run_id: string;
  readonly started_at: string;
  readonly ended_at: string;
  readonly end_reason: string;
  readonly consumed: number;
  readonly inserted: number;
  readonly duplicate: number;
  readonly skipped_own_site: number;
  readonly quarantined: number;
  readonly details: string;
}

/** The natural key as one string, unambiguous for any site and id text. */
export function naturalKey(sourceSite: string, originalPostId: string): string {
  return JSON.stringify([sourceSite, originalPostId]);
}

const USER_PAGE = 20_000;

/**
 * All local user ids, read in keyset pages (each answer stays under the Data
 * API's 1 MiB result limit). @throws DatabaseError
 */
export async function listUserIds(
  db: DataApi,
  options?: CallOptions,
): Promise<number[]> {
  const ids: number[] = [];
  for (let after = -1; ; ) {
    const rows = await db.query(
      statementFor(db.engine, SQL.listUserIds),
      { after, page_size: USER_PAGE },
      options,
    );
    for (const [id] of rows) ids.push(Number(id));
    const last = ids.at(-1);
    if (rows.length < USER_PAGE || last === undefined) return ids;
    after = last;
  }
}

/**
 * Picks a random local user for each foreign post: the ids are listed once
 * (one or two calls per run) and drawn from in memory, never per record.
 * @throws NoLocalUsersError when there is no user to give posts to; DatabaseError
 */
export async function loadUserPicker(
  db: DataApi,
  random: () => number,
  options?: CallOptions,
): Promise<() => number> {
  const userIds = await listUserIds(db, options);
  if (userIds.length === 0) throw new NoLocalUsersError();
  return () =>
    userIds[Math.floor(random() * userIds.length)] ?? userIds[0] ?? 0;
}

const toKeys = (rows: readonly (readonly unknown[])[]) =>
  new Set(rows.map(([site, id]) => naturalKey(String(site), String(id))));

/**
 * Insert posts if absent, marked with `runId` and a batch id of this call;
 * returns the natural keys this call inserted. PostgreSQL says so through
 * RETURNING; Aurora MySQL has none, so there the keys carrying the batch id
 * are read back (one more call). After a statement timeout the insert is
 * sent again (it is idempotent, same batch id) and, since the first attempt
 * may have committed, the keys are read back on both engines.
 * @throws DatabaseError
 */
export async function insertPosts(
  db: DataApi,
  rows: readonly PostRow[],
  runId: string,
  options: CallOptions = {},
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // Per call, not per run: a run (or a Lambda retry with the same request
  // id) may meet a key again that an earlier call of it inserted.
  const batchId = randomUUID();
  let isAmbiguous = false;
  const result = await db.query(
    statementFor(db.engine, SQL.insertPosts),
    { rows: JSON.stringify(rows), run_id: runId, batch_id: batchId },
    {
      ...options,
      onAmbiguous: () => {
        isAmbiguous = true;
        options.onAmbiguous?.();
      },
    },
  );
  if (!isAmbiguous && db.engine === 'postgres') return toKeys(result);
  const keys = rows.map((r) => ({
    source_site: r.source_site,
    original_post_id: r.original_post_id,
  }));
  const params = { keys: JSON.stringify(keys), batch_id: batchId };
  const statement = statementFor(db.engine, SQL.listKeysInsertedByBatch);
  return toKeys(await db.query(statement, params, options));
}

/** Store quarantined records, idempotently by topic/partition/offset. @throws DatabaseError */
export async function insertQuarantine(
  db: DataApi,
  rows: readonly QuarantineRow[],
  options?: CallOptions,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    statementFor(db.engine, SQL.insertQuarantine),
    { rows: JSON.stringify(rows) },
    options,
  );
}

/** Record a finished run in the history table. @throws DatabaseError */
export async function insertRun(
  db: DataApi,
  run: RunRow,
  options?: CallOptions,
): Promise<void> {
  await db.query(statementFor(db.engine, SQL.insertRun), { ...run }, options);
}

/**
 * A Data API timestamp (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC on both
 * engines: Data API spec §3.6) as ISO-8601 UTC with milliseconds. Pure.
 */
export function fromSqlTimestamp(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(
    text,
  );
  if (!match) return text;
  const [, date, time, fraction = ''] = match;
  return `${date}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
