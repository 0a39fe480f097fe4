-- When publish had a local post acknowledged by the broker (acks=all), UTC.
-- NULL means never published: the sweep looks for local posts still NULL.
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND column_name = 'published_at'
ALTER TABLE posts ADD COLUMN published_at DATETIME(6) NULL;

-- The sweep's search: local, unpublished posts by creation time. MySQL has
-- no partial index; the two IS NULL tests are the index's leading columns,
-- so the sweep reads only the posts still waiting, in created_at order.
-- applied-if: SELECT 1 FROM information_schema.statistics
--   WHERE table_schema = DATABASE() AND table_name = 'posts'
--   AND index_name = 'posts_unpublished_local_idx'
CREATE INDEX posts_unpublished_local_idx
  ON posts (published_at, source_site, created_at, post_id);
