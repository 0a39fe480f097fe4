/**
 * The settings that point the bridge at the local stack (broker on
 * 127.0.0.1:9092, Data API emulator on 127.0.0.1:8099). Local scripts lay
 * these under the real environment, so any variable set by the user wins.
 */
export const LOCAL_ENV: Readonly<Record<string, string>> = {
  SITE_ID: 'tidepool',
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
  INGEST_TOPICS: 'FederatedPosts,Bluesky-Kafka,Twitter-Kafka',
  PUBLISH_TOPIC: 'FederatedPosts',
  DB_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:instalite-local',
  DB_SECRET_ARN:
    'arn:aws:secretsmanager:us-east-1:000000000000:secret:instalite-local',
  DB_NAME: 'instalite',
  DATA_API_ENDPOINT: 'http://127.0.0.1:8099',
  AWS_REGION: 'us-east-1',
  // This machine runs Node 20 (Lambda runs the bundles on nodejs22.x); the
  // SDK's notice that its 2027 releases need Node 22 is known, not news.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * The environment with the local defaults under it. DB_ENGINE follows
 * LOCAL_DB_ENGINE, the engine the stack runs (mysql → mysql; pglite and
 * postgres → postgres) unless DB_ENGINE itself is set.
 */
export function localEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string | undefined> {
  const engine = env.LOCAL_DB_ENGINE?.trim() === 'mysql' ? 'mysql' : 'postgres';
  return { ...LOCAL_ENV, DB_ENGINE: engine, ...env };
}

/**
 * Turn off the SDK's notice that its 2027 releases need Node 22 in this
 * process (the SDK reads the switch from process.env itself), unless the
 * user set the switch. For local tools only: this machine runs Node 20.
 */
export function quietSdkNodeNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??=
    LOCAL_ENV.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
}
