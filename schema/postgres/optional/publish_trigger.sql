-- Optional (Aurora PostgreSQL only; not applied by the migration runner):
-- invoke publish for each local post as it is inserted, for sites whose
-- posts table has no stream. Apply publish_payload.sql first, then this file,
-- after replacing the function ARN below; see README "Publish".
--
-- Needs: the aws_lambda extension (Aurora PostgreSQL 11.9+), and the cluster
-- associated with an IAM role allowed lambda:InvokeFunction on publish:
--   aws rds add-role-to-db-cluster --feature-name Lambda ...
-- https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/PostgreSQL-Lambda.html
CREATE EXTENSION IF NOT EXISTS aws_lambda CASCADE;

-- 'Event' = asynchronous: the insert never waits for Kafka. The invocation
-- happens before the inserting transaction commits; publish answers "no row
-- yet" by failing, and Lambda retries an asynchronous invoke twice (after
-- about 1 and 2 minutes). The scheduled sweep catches whatever is left.
CREATE OR REPLACE FUNCTION instalite_publish_after_insert()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM aws_lambda.invoke(
    aws_commons.create_lambda_function_arn(
      'arn:aws:lambda:us-east-1:000000000000:function:instalite-kafka-bridge-dev-publish',
      'us-east-1'),
    instalite_publish_payload(NEW),
    'Event');
  RETURN NEW;
EXCEPTION WHEN OTHERS THEN
  -- A post is never refused because publish could not be reached; the
  -- sweep publishes it later.
  RAISE WARNING 'instalite publish trigger: % (%)', SQLERRM, SQLSTATE;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS posts_publish_after_insert ON posts;

-- Only local posts: ingested rows carry source_site and are never published.
CREATE TRIGGER posts_publish_after_insert
  AFTER INSERT ON posts
  FOR EACH ROW
  WHEN (NEW.source_site IS NULL)
  EXECUTE FUNCTION instalite_publish_after_insert();
