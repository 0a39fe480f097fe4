-- When publish had a local post acknowledged by the broker (acks=all). NULL
-- means never published: the sweep looks for local posts still NULL.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS published_at TIMESTAMPTZ;

-- The sweep's search: local, unpublished posts by creation time. Partial, so
-- it only holds the few posts still waiting (published and foreign rows drop
-- out of it).
CREATE INDEX IF NOT EXISTS posts_unpublished_local_idx
  ON posts (created_at, post_id)
  WHERE source_site IS NULL AND published_at IS NULL;
