import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { localEnv } from '../../local/local-env.js';

// The real environment (PATH and all) under the bundle's config.
const env = {
  ...localEnv(),
  CONFIG_FILE: 'none',
  SITE_ID: 'tidepool',
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
  INGEST_TOPICS: 'FederatedPosts',
  DB_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:build',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:b',
  DB_NAME: 'build',
};

describe('npm run build', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsx', 'local/build.ts'], { stdio: 'pipe' });
  });

  it.each(['publish', 'ingest'])(
    'bundles %s into one file that a fresh node loads with its handler',
    (name) => {
      // Prepare
      const file = `dist/${name}/index.js`;
      // Act
      const type = execFileSync(
        process.execPath,
        [
          '--no-warnings',
          '-e',
          `process.stdout.write(typeof require('./${file}').handler)`,
        ],
        { env },
      ).toString();
      // Assert
      expect(type).toBe('function');
      expect(statSync(file).size).toBeLessThan(1024 * 1024);
      expect(statSync(`${file}.map`).size).toBeGreaterThan(0);
    },
  );
});
