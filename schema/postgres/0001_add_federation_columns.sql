-- Foreign posts keep where they came from. Local posts leave source_site and
-- original_post_id NULL; NULLs never collide in the unique index below.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS source_site VARCHAR(64);

ALTER TABLE posts ADD COLUMN IF NOT EXISTS original_post_id TEXT;

-- The foreign author's display name: never a local, log-in-able account.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS foreign_author TEXT;

ALTER TABLE posts ADD COLUMN IF NOT EXISTS content_type VARCHAR(8) NOT NULL DEFAULT 'text';

-- The natural key that makes ingest idempotent (insert ... on conflict do nothing).
CREATE UNIQUE INDEX IF NOT EXISTS posts_source_site_original_post_id_key
  ON posts (source_site, original_post_id);
