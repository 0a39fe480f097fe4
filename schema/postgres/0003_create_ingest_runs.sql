-- One row per ingest run: when, why it ended, and what it did.
CREATE TABLE IF NOT EXISTS ingest_runs (
  run_id VARCHAR(128) PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ NOT NULL,
  end_reason VARCHAR(16) NOT NULL,
  consumed INTEGER NOT NULL,
  inserted INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  skipped_own_site INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  details TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ingest_runs_started_at_idx ON ingest_runs (started_at);
