import { loadConfig } from '../../lib/config.js';
import type { DecodeSettings } from '../../lib/inbound/types.js';

/**
 * Decode settings as the spec's examples assume them: SITE_ID=tidepool and
 * every other value at the default `lib/config.ts` gives it.
 */
export function specDecodeSettings(
  env: Readonly<Record<string, string>> = {},
): DecodeSettings {
  return loadConfig({
    CONFIG_FILE: 'none',
    SITE_ID: 'tidepool',
    KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
    INGEST_TOPICS: 'FederatedPosts',
    DB_RESOURCE_ARN: 'arn:aws:rds:us-east-1:0:cluster:unit',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:0:secret:unit',
    DB_NAME: 'unit',
    ...env,
  }).decode;
}
