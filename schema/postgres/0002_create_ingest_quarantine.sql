-- Records ingest could not use, stored whole so they can be inspected and
-- replayed. Bytes that are not clean UTF-8 text are stored base64.
CREATE TABLE IF NOT EXISTS ingest_quarantine (
  quarantine_id BIGSERIAL PRIMARY KEY,
  topic VARCHAR(255) NOT NULL,
  kafka_partition INTEGER NOT NULL,
  kafka_offset BIGINT NOT NULL,
  record_key TEXT,
  key_encoding VARCHAR(8),
  headers TEXT NOT NULL DEFAULT '{}',
  raw_value TEXT,
  value_encoding VARCHAR(8) NOT NULL,
  reason VARCHAR(64) NOT NULL,
  detail TEXT NOT NULL,
  quarantined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT ingest_quarantine_record_key UNIQUE (topic, kafka_partition, kafka_offset)
);

CREATE INDEX IF NOT EXISTS ingest_quarantine_reason_idx ON ingest_quarantine (reason);
