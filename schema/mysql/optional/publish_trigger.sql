-- Optional (Aurora MySQL 3 only; not applied by the migration runner):
-- invoke publish for each local post as it is inserted, for sites whose
-- posts table has no stream. Apply publish_payload.sql first, then this file
-- with the mysql client (it needs DELIMITER for the trigger body), after
-- replacing the function ARN below; see README "Publish".
--
-- Needs: the cluster associated with an IAM role allowed
-- lambda:InvokeFunction on publish (aws rds add-role-to-db-cluster
-- --feature-name Lambda ...), the cluster parameter aws_default_lambda_role
-- set to it, and the AWS_LAMBDA_ACCESS privilege for the inserting user.
-- https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.Lambda.html
DROP TRIGGER IF EXISTS posts_publish_after_insert;

DELIMITER //
CREATE TRIGGER posts_publish_after_insert
AFTER INSERT ON posts
FOR EACH ROW
BEGIN
  -- A post is never refused because publish could not be reached; the
  -- scheduled sweep publishes it later.
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
  -- Only local posts: ingested rows carry source_site and are never published.
  IF NEW.source_site IS NULL THEN
    -- lambda_async: the insert never waits for Kafka. publish answers "no
    -- row yet" (the transaction has not committed) by failing, and Lambda
    -- retries an asynchronous invoke twice.
    SET @instalite_publish_result = lambda_async(
      'arn:aws:lambda:us-east-1:000000000000:function:instalite-kafka-bridge-dev-publish',
      instalite_publish_payload(NEW.post_id, NEW.user_id, NEW.source_site, NEW.created_at));
  END IF;
END //
DELIMITER ;
