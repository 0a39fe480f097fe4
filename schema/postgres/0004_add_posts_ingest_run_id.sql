-- The ingest run that inserted a foreign post. After a statement timeout the
-- first attempt may have committed, so RETURNING of the retry is not the
-- whole truth; counting this run's rows among the batch's keys is.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS ingest_run_id VARCHAR(128);
