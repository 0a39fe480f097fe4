-- The ingest run that inserted a foreign post.
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'ingest_run_id'
ALTER TABLE posts ADD COLUMN ingest_run_id VARCHAR(128)
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
