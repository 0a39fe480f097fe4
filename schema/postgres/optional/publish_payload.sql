-- Optional (Aurora PostgreSQL only; not applied by the migration runner).
-- The JSON payload the posts trigger (publish_trigger.sql) invokes publish
-- with: the new row, in the shape publish recognises as a database trigger
-- ("trigger": "posts_insert"). publish re-reads the row by post_id and takes
-- the author from users, so the payload only has to name the post.
CREATE OR REPLACE FUNCTION instalite_publish_payload(p posts)
RETURNS json
LANGUAGE sql
STABLE
AS $$
  SELECT json_build_object(
    'trigger', 'posts_insert',
    'post', json_build_object(
      'post_id', p.post_id::text,
      'user_id', p.user_id::text,
      'source_site', p.source_site,
      'created_at', p.created_at
    )
  )
$$;
