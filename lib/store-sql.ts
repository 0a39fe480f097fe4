import type { Statement } from './data-api.js';

/**
 * Every SQL statement the bridge runs, by name. Rows travel as one JSON
 * parameter, so the SQL text has a fixed size whatever the batch size (the
 * Data API caps SQL at 65,536 characters but requests at 4 MiB).
 * PostgreSQL today; the MySQL variants join each constant here.
 */
export const SQL = {
  listUserIds: {
    name: 'listUserIds',
    isIdempotent: true,
    sql: `SELECT user_id FROM users WHERE user_id > :after
          ORDER BY user_id LIMIT :page_size`,
  },
  insertPosts: {
    name: 'insertPosts',
    isIdempotent: true,
    sql: `INSERT INTO posts (user_id, caption, image_url, content_type,
            created_at, source_site, original_post_id, foreign_author,
            ingest_run_id)
          SELECT r.user_id, r.text, r.image_url, r.content_type,
            COALESCE(r.created_at, now()), r.source_site,
            r.original_post_id, r.author_name, :run_id
          FROM json_to_recordset(:rows::json) AS r(user_id bigint, text text,
            image_url text, content_type text, created_at timestamptz,
            source_site text, original_post_id text, author_name text)
          ON CONFLICT (source_site, original_post_id) DO NOTHING
          RETURNING source_site, original_post_id`,
  },
  insertQuarantine: {
    name: 'insertQuarantine',
    isIdempotent: true,
    sql: `INSERT INTO ingest_quarantine (topic, kafka_partition, kafka_offset,
            record_key, key_encoding, headers, raw_value, value_encoding,
            reason, detail)
          SELECT r.topic, r.kafka_partition, r.kafka_offset, r.record_key,
            r.key_encoding, r.headers, r.raw_value, r.value_encoding,
            r.reason, r.detail
          FROM json_to_recordset(:rows::json) AS r(topic text,
            kafka_partition integer, kafka_offset bigint, record_key text,
            key_encoding text, headers text, raw_value text,
            value_encoding text, reason text, detail text)
          ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING`,
  },
  insertRun: {
    name: 'insertRun',
    isIdempotent: true,
    sql: `INSERT INTO ingest_runs (run_id, started_at, ended_at, end_reason,
            consumed, inserted, duplicate, skipped_own_site, quarantined,
            details)
          VALUES (:run_id, :started_at::timestamptz, :ended_at::timestamptz,
            :end_reason, :consumed, :inserted, :duplicate,
            :skipped_own_site, :quarantined, :details)
          ON CONFLICT (run_id) DO NOTHING`,
  },
  /** Which of these keys this run inserted (after an ambiguous insert). */
  listKeysInsertedByRun: {
    name: 'listKeysInsertedByRun',
    isIdempotent: true,
    sql: `SELECT p.source_site, p.original_post_id
          FROM json_to_recordset(:keys::json) AS k(source_site text,
            original_post_id text)
          JOIN posts p ON p.source_site = k.source_site
            AND p.original_post_id = k.original_post_id
          WHERE p.ingest_run_id = :run_id`,
  },
  // publish: post ids travel as one JSON array of digit strings.
  lookupPublishPosts: {
    name: 'lookupPublishPosts',
    sql: `SELECT p.post_id::text, u.username, p.caption, p.image_url,
            p.source_site, p.published_at IS NOT NULL AS is_published
          FROM posts p LEFT JOIN users u ON u.user_id = p.user_id
          WHERE p.post_id IN (
            SELECT value::bigint FROM json_array_elements_text(:ids::json))`,
  },
  listUnpublishedPosts: {
    name: 'listUnpublishedPosts',
    sql: `SELECT p.post_id::text, u.username, p.caption, p.image_url,
            p.source_site, false AS is_published
          FROM posts p JOIN users u ON u.user_id = p.user_id
          WHERE p.source_site IS NULL AND p.published_at IS NULL
            AND p.created_at >= now() - :lookback_hours * interval '1 hour'
            AND p.created_at <= now() - :min_age_seconds * interval '1 second'
          ORDER BY p.created_at, p.post_id
          LIMIT :max_posts`,
  },
  markPostsPublished: {
    name: 'markPostsPublished',
    sql: `UPDATE posts SET published_at = now()
          WHERE post_id IN (
              SELECT value::bigint FROM json_array_elements_text(:ids::json))
            AND source_site IS NULL AND published_at IS NULL
          RETURNING post_id::text`,
  },
} as const satisfies Record<string, Statement>;
