import type { DatabaseConfig } from './config.js';
import type { Statement } from './data-api.js';

/** The SQL dialects the bridge speaks (Aurora PostgreSQL, Aurora MySQL). */
export type Engine = DatabaseConfig['engine'];

/** A named statement with its text for each engine, side by side. */
export interface EngineStatement {
  readonly name: string;
  readonly isIdempotent?: boolean;
  readonly postgres: string;
  readonly mysql: string;
}

/** The statement to send to a database of `engine`. Pure. */
export function statementFor(
  engine: Engine,
  { postgres, mysql, ...rest }: EngineStatement,
): Statement {
  return { ...rest, sql: engine === 'mysql' ? mysql : postgres };
}

// MySQL stores times as UTC DATETIME(6); rows carry ISO-8601 UTC text
// (Date#toISOString), which MySQL only parses with an explicit format.
const MYSQL_ISO = `'%Y-%m-%dT%H:%i:%s.%fZ'`;
// JSON_TABLE string columns are utf8mb4 but not necessarily of the key
// columns' collation; comparing under utf8mb4_bin keeps the unique index
// usable and the match exact (case included).
const BIN = 'COLLATE utf8mb4_bin';

/**
 * Every SQL statement the bridge runs, by name, PostgreSQL and MySQL text
 * side by side. Rows travel as one JSON parameter (json_to_recordset /
 * JSON_TABLE), so the SQL text has a fixed size whatever the batch size (the
 * Data API caps SQL at 65,536 characters but requests at 4 MiB). Aurora
 * MySQL has no RETURNING: its inserts are followed by one read of the keys
 * that carry the call's batch id.
 */
export const SQL = {
  listUserIds: {
    name: 'listUserIds',
    isIdempotent: true,
    postgres: `SELECT user_id FROM users WHERE user_id > :after
          ORDER BY user_id LIMIT :page_size`,
    mysql: `SELECT user_id FROM users WHERE user_id > :after
          ORDER BY user_id LIMIT :page_size`,
  },
  insertPosts: {
    name: 'insertPosts',
    isIdempotent: true,
    postgres: `INSERT INTO posts (user_id, caption, image_url, content_type,
            created_at, source_site, original_post_id, foreign_author,
            ingest_run_id, ingest_batch_id)
          SELECT r.user_id, r.text, r.image_url, r.content_type,
            COALESCE(r.created_at, now()), r.source_site,
            r.original_post_id, r.author_name, :run_id, :batch_id
          FROM json_to_recordset(:rows::json) AS r(user_id bigint, text text,
            image_url text, content_type text, created_at timestamptz,
            source_site text, original_post_id text, author_name text)
          ON CONFLICT (source_site, original_post_id) DO NOTHING
          RETURNING source_site, original_post_id`,
    // ON DUPLICATE KEY UPDATE (a no-op) rather than INSERT IGNORE: IGNORE
    // would also turn real errors (too long, wrong type) into warnings.
    mysql: `INSERT INTO posts (user_id, caption, image_url, content_type,
            created_at, source_site, original_post_id, foreign_author,
            ingest_run_id, ingest_batch_id)
          SELECT r.user_id, r.text, r.image_url, r.content_type,
            COALESCE(STR_TO_DATE(r.created_at, ${MYSQL_ISO}),
              UTC_TIMESTAMP(6)),
            r.source_site, r.original_post_id, r.author_name, :run_id,
            :batch_id
          FROM JSON_TABLE(:rows, '$[*]' COLUMNS (
            user_id BIGINT PATH '$.user_id',
            text LONGTEXT PATH '$.text',
            image_url LONGTEXT PATH '$.image_url',
            content_type VARCHAR(8) PATH '$.content_type',
            created_at VARCHAR(32) PATH '$.created_at',
            source_site VARCHAR(64) PATH '$.source_site',
            original_post_id VARCHAR(512) PATH '$.original_post_id',
            author_name LONGTEXT PATH '$.author_name')) AS r
          ON DUPLICATE KEY UPDATE post_id = posts.post_id`,
  },
  /** Which of these keys the insert with this batch id wrote. */
  listKeysInsertedByBatch: {
    name: 'listKeysInsertedByBatch',
    isIdempotent: true,
    postgres: `SELECT p.source_site, p.original_post_id
          FROM json_to_recordset(:keys::json) AS k(source_site text,
            original_post_id text)
          JOIN posts p ON p.source_site = k.source_site
            AND p.original_post_id = k.original_post_id
          WHERE p.ingest_batch_id = :batch_id`,
    mysql: `SELECT p.source_site, p.original_post_id
          FROM JSON_TABLE(:keys, '$[*]' COLUMNS (
            source_site VARCHAR(64) PATH '$.source_site',
            original_post_id VARCHAR(512) PATH '$.original_post_id')) AS k
          JOIN posts p ON p.source_site = k.source_site ${BIN}
            AND p.original_post_id = k.original_post_id ${BIN}
          WHERE p.ingest_batch_id = :batch_id`,
  },
  insertQuarantine: {
    name: 'insertQuarantine',
    isIdempotent: true,
    postgres: `INSERT INTO ingest_quarantine (topic, kafka_partition,
            kafka_offset, record_key, key_encoding, headers, raw_value,
            value_encoding, reason, detail)
          SELECT r.topic, r.kafka_partition, r.kafka_offset, r.record_key,
            r.key_encoding, r.headers, r.raw_value, r.value_encoding,
            r.reason, r.detail
          FROM json_to_recordset(:rows::json) AS r(topic text,
            kafka_partition integer, kafka_offset bigint, record_key text,
            key_encoding text, headers text, raw_value text,
            value_encoding text, reason text, detail text)
          ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING`,
    mysql: `INSERT INTO ingest_quarantine (topic, kafka_partition,
            kafka_offset, record_key, key_encoding, headers, raw_value,
            value_encoding, reason, detail)
          SELECT r.topic, r.kafka_partition, r.kafka_offset, r.record_key,
            r.key_encoding, r.headers, r.raw_value, r.value_encoding,
            r.reason, r.detail
          FROM JSON_TABLE(:rows, '$[*]' COLUMNS (
            topic VARCHAR(255) PATH '$.topic',
            kafka_partition INT PATH '$.kafka_partition',
            kafka_offset BIGINT PATH '$.kafka_offset',
            record_key LONGTEXT PATH '$.record_key',
            key_encoding VARCHAR(8) PATH '$.key_encoding',
            headers LONGTEXT PATH '$.headers',
            raw_value LONGTEXT PATH '$.raw_value',
            value_encoding VARCHAR(8) PATH '$.value_encoding',
            reason VARCHAR(64) PATH '$.reason',
            detail LONGTEXT PATH '$.detail')) AS r
          ON DUPLICATE KEY UPDATE
            quarantine_id = ingest_quarantine.quarantine_id`,
  },
  insertRun: {
    name: 'insertRun',
    isIdempotent: true,
    postgres: `INSERT INTO ingest_runs (run_id, started_at, ended_at,
            end_reason, consumed, inserted, duplicate, skipped_own_site,
            quarantined, details)
          VALUES (:run_id, :started_at::timestamptz, :ended_at::timestamptz,
            :end_reason, :consumed, :inserted, :duplicate,
            :skipped_own_site, :quarantined, :details)
          ON CONFLICT (run_id) DO NOTHING`,
    mysql: `INSERT INTO ingest_runs (run_id, started_at, ended_at,
            end_reason, consumed, inserted, duplicate, skipped_own_site,
            quarantined, details)
          VALUES (:run_id, STR_TO_DATE(:started_at, ${MYSQL_ISO}),
            STR_TO_DATE(:ended_at, ${MYSQL_ISO}), :end_reason, :consumed,
            :inserted, :duplicate, :skipped_own_site, :quarantined,
            :details)
          ON DUPLICATE KEY UPDATE run_id = run_id`,
  },
  // Quarantine and run history, for the operators' CLI (lib/quarantine.ts,
  // lib/run-history.ts). Ids and offsets travel as digit strings (BIGINT
  // exceeds a JS number); an absent filter is a NULL parameter. PostgreSQL
  // resolves a bare ORDER BY name to the output column first, which here is
  // the id as text ("10" < "2"): order by the qualified table column.
  listQuarantine: {
    name: 'listQuarantine',
    isIdempotent: true,
    postgres: `SELECT quarantine_id::text, topic, kafka_partition,
            kafka_offset::text, reason, left(detail, :detail_chars::int),
            char_length(detail), quarantined_at, value_encoding,
            CASE value_encoding WHEN 'base64' THEN
              char_length(raw_value) / 4 * 3 - (char_length(raw_value)
                - char_length(rtrim(raw_value, '=')))
            ELSE coalesce(octet_length(raw_value), 0) END,
            coalesce(char_length(record_key), 0) + char_length(headers)
              + coalesce(char_length(raw_value), 0) + char_length(detail)
          FROM ingest_quarantine
          WHERE quarantine_id > CAST(:after AS BIGINT)
            AND quarantine_id <= CAST(:upto AS BIGINT)
            AND (CAST(:reason AS TEXT) IS NULL
              OR reason = CAST(:reason AS TEXT))
            AND (CAST(:ids AS JSON) IS NULL OR quarantine_id IN (
              SELECT value::bigint
              FROM json_array_elements_text(CAST(:ids AS JSON))))
          ORDER BY ingest_quarantine.quarantine_id
          LIMIT :limit`,
    mysql: `SELECT CAST(quarantine_id AS CHAR), topic, kafka_partition,
            CAST(kafka_offset AS CHAR), reason, LEFT(detail, :detail_chars),
            CHAR_LENGTH(detail), quarantined_at, value_encoding,
            CASE value_encoding WHEN 'base64' THEN
              CHAR_LENGTH(raw_value) DIV 4 * 3 - (CHAR_LENGTH(raw_value)
                - CHAR_LENGTH(TRIM(TRAILING '=' FROM raw_value)))
            ELSE COALESCE(LENGTH(raw_value), 0) END,
            COALESCE(CHAR_LENGTH(record_key), 0) + CHAR_LENGTH(headers)
              + COALESCE(CHAR_LENGTH(raw_value), 0) + CHAR_LENGTH(detail)
          FROM ingest_quarantine
          WHERE quarantine_id > CAST(:after AS SIGNED)
            AND quarantine_id <= CAST(:upto AS SIGNED)
            AND (:reason IS NULL OR reason = :reason)
            AND (:ids IS NULL OR quarantine_id IN (SELECT j.id
              FROM JSON_TABLE(:ids, '$[*]' COLUMNS (id BIGINT PATH '$')) AS j))
          ORDER BY quarantine_id
          LIMIT :limit`,
  },
  /**
   * Whole quarantine rows, their text columns cut at [:from, :from + :len)
   * characters: callers size :len so one answer stays under the Data API's
   * 1 MiB result limit, and read a long row in several calls.
   */
  readQuarantineChunk: {
    name: 'readQuarantineChunk',
    isIdempotent: true,
    postgres: `SELECT quarantine_id::text, topic, kafka_partition,
            kafka_offset::text, key_encoding, value_encoding, reason,
            quarantined_at, substr(record_key, :from::int, :len::int),
            substr(headers, :from::int, :len::int),
            substr(raw_value, :from::int, :len::int),
            substr(detail, :from::int, :len::int)
          FROM ingest_quarantine
          WHERE quarantine_id IN (
            SELECT value::bigint FROM json_array_elements_text(:ids::json))
          ORDER BY ingest_quarantine.quarantine_id`,
    mysql: `SELECT CAST(quarantine_id AS CHAR), topic, kafka_partition,
            CAST(kafka_offset AS CHAR), key_encoding, value_encoding, reason,
            quarantined_at, SUBSTRING(record_key, :from, :len),
            SUBSTRING(headers, :from, :len),
            SUBSTRING(raw_value, :from, :len), SUBSTRING(detail, :from, :len)
          FROM ingest_quarantine
          WHERE quarantine_id IN (SELECT j.id FROM JSON_TABLE(:ids,
            '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)
          ORDER BY quarantine_id`,
  },
  countQuarantineByReason: {
    name: 'countQuarantineByReason',
    isIdempotent: true,
    postgres: `SELECT reason, count(*) FROM ingest_quarantine
          GROUP BY reason ORDER BY count(*) DESC, reason`,
    mysql: `SELECT reason, COUNT(*) FROM ingest_quarantine
          GROUP BY reason ORDER BY COUNT(*) DESC, reason`,
  },
  /** How many rows a replay covers, and the last id it will look at. */
  scopeQuarantineReplay: {
    name: 'scopeQuarantineReplay',
    isIdempotent: true,
    postgres: `SELECT count(*), coalesce(max(quarantine_id), 0)::text
          FROM ingest_quarantine
          WHERE (CAST(:reason AS TEXT) IS NULL
              OR reason = CAST(:reason AS TEXT))
            AND (CAST(:ids AS JSON) IS NULL OR quarantine_id IN (
              SELECT value::bigint
              FROM json_array_elements_text(CAST(:ids AS JSON))))`,
    mysql: `SELECT COUNT(*), CAST(COALESCE(MAX(quarantine_id), 0) AS CHAR)
          FROM ingest_quarantine
          WHERE (:reason IS NULL OR reason = :reason)
            AND (:ids IS NULL OR quarantine_id IN (SELECT j.id
              FROM JSON_TABLE(:ids, '$[*]' COLUMNS (id BIGINT PATH '$')) AS j))`,
  },
  /** A replayed record that still fails: the current decoder's verdict. */
  updateQuarantineVerdicts: {
    name: 'updateQuarantineVerdicts',
    isIdempotent: true,
    postgres: `UPDATE ingest_quarantine q
          SET reason = r.reason, detail = r.detail
          FROM json_to_recordset(:rows::json)
            AS r(id text, reason text, detail text)
          WHERE q.quarantine_id = r.id::bigint`,
    mysql: `UPDATE ingest_quarantine q
          JOIN JSON_TABLE(:rows, '$[*]' COLUMNS (
            id BIGINT PATH '$.id',
            reason VARCHAR(64) PATH '$.reason',
            detail LONGTEXT PATH '$.detail')) AS r
            ON q.quarantine_id = r.id
          SET q.reason = r.reason, q.detail = r.detail`,
  },
  /** Resolved records leave the quarantine (after their post is durable). */
  deleteQuarantine: {
    name: 'deleteQuarantine',
    isIdempotent: true,
    postgres: `DELETE FROM ingest_quarantine
          WHERE quarantine_id IN (
            SELECT value::bigint FROM json_array_elements_text(:ids::json))`,
    mysql: `DELETE FROM ingest_quarantine
          WHERE quarantine_id IN (SELECT j.id FROM JSON_TABLE(:ids,
            '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)`,
  },
  listRecentRuns: {
    name: 'listRecentRuns',
    isIdempotent: true,
    postgres: `SELECT run_id, started_at, ended_at, end_reason, consumed,
            inserted, duplicate, skipped_own_site, quarantined, details
          FROM ingest_runs
          ORDER BY started_at DESC, run_id DESC
          LIMIT :limit`,
    mysql: `SELECT run_id, started_at, ended_at, end_reason, consumed,
            inserted, duplicate, skipped_own_site, quarantined, details
          FROM ingest_runs
          ORDER BY started_at DESC, run_id DESC
          LIMIT :limit`,
  },
  // publish: post ids travel as one JSON array of digit strings. MySQL has
  // no boolean result type: is_published comes back as 0/1 there.
  lookupPublishPosts: {
    name: 'lookupPublishPosts',
    postgres: `SELECT p.post_id::text, u.username, p.caption, p.image_url,
            p.source_site, p.published_at IS NOT NULL AS is_published
          FROM posts p LEFT JOIN users u ON u.user_id = p.user_id
          WHERE p.post_id IN (
            SELECT value::bigint FROM json_array_elements_text(:ids::json))`,
    mysql: `SELECT CAST(p.post_id AS CHAR), u.username, p.caption,
            p.image_url, p.source_site,
            p.published_at IS NOT NULL AS is_published
          FROM posts p LEFT JOIN users u ON u.user_id = p.user_id
          WHERE p.post_id IN (SELECT j.id FROM JSON_TABLE(:ids,
            '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)`,
  },
  listUnpublishedPosts: {
    name: 'listUnpublishedPosts',
    postgres: `SELECT p.post_id::text, u.username, p.caption, p.image_url,
            p.source_site, false AS is_published
          FROM posts p JOIN users u ON u.user_id = p.user_id
          WHERE p.source_site IS NULL AND p.published_at IS NULL
            AND p.created_at >= now() - :lookback_hours * interval '1 hour'
            AND p.created_at <= now() - :min_age_seconds * interval '1 second'
          ORDER BY p.created_at, p.post_id
          LIMIT :max_posts`,
    mysql: `SELECT CAST(p.post_id AS CHAR), u.username, p.caption,
            p.image_url, p.source_site, 0 AS is_published
          FROM posts p JOIN users u ON u.user_id = p.user_id
          WHERE p.source_site IS NULL AND p.published_at IS NULL
            AND p.created_at >= UTC_TIMESTAMP(6) - INTERVAL :lookback_hours HOUR
            AND p.created_at <=
              UTC_TIMESTAMP(6) - INTERVAL :min_age_seconds SECOND
          ORDER BY p.created_at, p.post_id
          LIMIT :max_posts`,
  },
  markPostsPublished: {
    name: 'markPostsPublished',
    postgres: `UPDATE posts SET published_at = now()
          WHERE post_id IN (
              SELECT value::bigint FROM json_array_elements_text(:ids::json))
            AND source_site IS NULL AND published_at IS NULL`,
    mysql: `UPDATE posts SET published_at = UTC_TIMESTAMP(6)
          WHERE post_id IN (SELECT j.id FROM JSON_TABLE(:ids,
              '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)
            AND source_site IS NULL AND published_at IS NULL`,
  },
  // Migration bookkeeping (lib/migrations.ts).
  createSchemaMigrations: {
    name: 'createSchemaMigrations',
    postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
          name VARCHAR(255) PRIMARY KEY,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    mysql: `CREATE TABLE IF NOT EXISTS schema_migrations (
          name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
            PRIMARY KEY,
          applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))
          DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  },
  listMigrations: {
    name: 'listMigrations',
    postgres: 'SELECT name FROM schema_migrations',
    mysql: 'SELECT name FROM schema_migrations',
  },
  markMigration: {
    name: 'markMigration',
    postgres: `INSERT INTO schema_migrations (name) VALUES (:name)
          ON CONFLICT (name) DO NOTHING`,
    mysql: `INSERT INTO schema_migrations (name) VALUES (:name)
          ON DUPLICATE KEY UPDATE name = name`,
  },
} as const satisfies Record<string, EngineStatement>;
