-- Foreign posts keep where they came from. Local posts leave source_site and
-- original_post_id NULL; NULLs never collide in the unique index below.
--
-- MySQL has no ADD COLUMN / CREATE INDEX IF NOT EXISTS and commits each DDL
-- statement at once, so each statement carries an `applied-if` guard (run
-- by lib/migrations.ts first; a row means "already there, skip"): a run cut
-- off half-way can simply be repeated.
--
-- The natural-key columns are utf8mb4_bin: site and post ids compare
-- exactly, case included. The unique index fits InnoDB's 3072-byte key
-- limit: (64 + 512) characters × 4 bytes = 2304 bytes. The decoder
-- (lib/inbound/) quarantines longer ids as missing_key (source_site > 64,
-- federated and Twitter ids > 255, Bluesky uri > 512 characters).
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'source_site'
ALTER TABLE posts ADD COLUMN source_site VARCHAR(64)
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;

-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'original_post_id'
ALTER TABLE posts ADD COLUMN original_post_id VARCHAR(512)
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;

-- The foreign author's display name: never a local, log-in-able account.
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'foreign_author'
ALTER TABLE posts ADD COLUMN foreign_author MEDIUMTEXT
  CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL;

-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'content_type'
ALTER TABLE posts ADD COLUMN content_type VARCHAR(8)
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'text';

-- The natural key that makes ingest idempotent (insert ... on duplicate key
-- update nothing).
-- applied-if: SELECT 1 FROM information_schema.statistics
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND index_name = 'posts_source_site_original_post_id_key'
CREATE UNIQUE INDEX posts_source_site_original_post_id_key
  ON posts (source_site, original_post_id);
