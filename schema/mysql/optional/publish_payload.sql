-- Optional (Aurora MySQL only; not applied by the migration runner).
-- The JSON payload the posts trigger (publish_trigger.sql) invokes publish
-- with: the new row, in the shape publish recognises as a database trigger
-- ("trigger": "posts_insert"). publish re-reads the row by post_id and takes
-- the author from users, so the payload only has to name the post.
CREATE FUNCTION instalite_publish_payload(
  p_post_id BIGINT,
  p_user_id BIGINT,
  p_source_site VARCHAR(64),
  p_created_at DATETIME(6)
) RETURNS JSON DETERMINISTIC
RETURN JSON_OBJECT(
  'trigger', 'posts_insert',
  'post', JSON_OBJECT(
    'post_id', CAST(p_post_id AS CHAR),
    'user_id', CAST(p_user_id AS CHAR),
    'source_site', p_source_site,
    'created_at', DATE_FORMAT(p_created_at, '%Y-%m-%dT%H:%i:%s.%fZ')
  )
)
