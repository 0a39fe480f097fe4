-- The insert call that wrote a foreign post (a random id per call). Aurora
-- MySQL has no RETURNING: after each insert, the batch's keys carrying its
-- batch id are the ones that call inserted (read through the unique index).
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'ingest_batch_id'
ALTER TABLE posts ADD COLUMN ingest_batch_id VARCHAR(64)
  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
