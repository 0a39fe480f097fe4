-- One row per ingest run: when, why it ended, and what it did.
CREATE TABLE IF NOT EXISTS ingest_runs (
  run_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
    PRIMARY KEY,
  started_at DATETIME(6) NOT NULL,
  ended_at DATETIME(6) NOT NULL,
  end_reason VARCHAR(16) NOT NULL,
  consumed INT NOT NULL,
  inserted INT NOT NULL,
  duplicate INT NOT NULL,
  skipped_own_site INT NOT NULL,
  quarantined INT NOT NULL,
  details MEDIUMTEXT NOT NULL,
  INDEX ingest_runs_started_at_idx (started_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
