import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

  it.each(['publish', 'ingest'])(
    'puts the parts %s loads on first use in lazy/ files that load',
    (name) => {
      // Prepare
      const dir = `dist/${name}`;
      const files = readdirSync(`${dir}/lazy`).filter((f) => f.endsWith('.js'));
      const referenced = (file: string, prefix: string) =>
        [...readFileSync(file, 'utf8').matchAll(/require\("\.\/([^"]+)"\)/g)]
          .map((m) => m[1] ?? '')
          .filter((path) => path.startsWith(prefix))
          .map((path) => path.slice(prefix.length));
      // Act: every package of every chunk, required in a fresh node
      const loaded = execFileSync(
        process.execPath,
        [
          '--no-warnings',
          '-e',
          `const out = {};
          for (const f of ${JSON.stringify(files)}) {
            const chunk = require('./${dir}/lazy/' + f);
            for (const p of Object.keys(chunk)) out[p] = Object.keys(chunk[p]).length;
          }
          process.stdout.write(JSON.stringify(out));`,
        ],
        { env },
      ).toString();
      // Assert
      expect(files.sort()).toEqual([
        'aws-credentials.js',
        'bowser.js',
        'msk-iam-signer.js',
        'secrets-manager.js',
      ]);
      // index.js and the chunks only name chunks that exist.
      const named = new Set([
        ...referenced(`${dir}/index.js`, 'lazy/'),
        ...files.flatMap((f) => referenced(`${dir}/lazy/${f}`, '')),
      ]);
      expect([...named].every((f) => files.includes(f))).toBe(true);
      expect(named.has('msk-iam-signer.js')).toBe(true);
      const exportCounts = JSON.parse(loaded) as Record<string, number>;
      expect(Object.keys(exportCounts)).toContain('aws-msk-iam-sasl-signer-js');
      expect(Object.values(exportCounts).every((n) => n > 0)).toBe(true);
      expect(statSync(`${dir}/index.js`).size).toBeLessThan(600 * 1024);
    },
  );
});
