-- Records ingest could not use, stored whole so they can be inspected and
-- replayed. Bytes that are not clean UTF-8 text are stored base64.
-- MEDIUMTEXT (16 MiB) holds anything a Data API request (4 MiB) can carry.
-- The index is declared in the table, so the one statement stays
-- re-runnable (MySQL has no CREATE INDEX IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS ingest_quarantine (
  quarantine_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  topic VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  kafka_partition INT NOT NULL,
  kafka_offset BIGINT NOT NULL,
  record_key MEDIUMTEXT,
  key_encoding VARCHAR(8),
  headers MEDIUMTEXT NOT NULL DEFAULT ('{}'),
  raw_value MEDIUMTEXT,
  value_encoding VARCHAR(8) NOT NULL,
  reason VARCHAR(64) NOT NULL,
  detail MEDIUMTEXT NOT NULL,
  quarantined_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT ingest_quarantine_record_key
    UNIQUE (topic, kafka_partition, kafka_offset),
  INDEX ingest_quarantine_reason_idx (reason)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
