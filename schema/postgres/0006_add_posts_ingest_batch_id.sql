-- The insert call that wrote a foreign post (a random id per call). Aurora
-- MySQL has no RETURNING, and after a statement timeout RETURNING is not the
-- whole truth on PostgreSQL either: the keys of a batch that carry its
-- batch id are the ones that call inserted. A run id alone is not enough: a
-- run (or a Lambda retry with the same request id) can meet a key again.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS ingest_batch_id VARCHAR(64);
