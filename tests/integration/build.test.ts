import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { localEnv } from '../../local/local-env.js';

// The real environment (PATH and all) under the bundle's config.
const env: Record<string, string | undefined> = {
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
    'keeps the error names in the minified %s bundle',
    (name) => {
      // Prepare: a configuration problem, thrown when the bundle loads
      const { DB_NAME: _name, ...withoutDbName } = env;
      // Act
      const thrown = execFileSync(
        process.execPath,
        [
          '--no-warnings',
          '-e',
          `try { require('./dist/${name}/index.js') } catch (e) { process.stdout.write(e.name) }`,
        ],
        { env: withoutDbName },
      ).toString();
      // Assert
      expect(thrown).toBe('ConfigError');
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
        'aws-remote-credentials.js',
        'bowser.js',
        'msk-iam-signer.js',
        'secrets-manager.js',
        'smithy-event-streams.js',
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

  it('signs Data API calls with container credentials when the environment has none (the fallback chain in lazy/)', async () => {
    // Prepare: one local server plays the container credentials endpoint
    // and the Data API, which refuses the call after reading its signature.
    const seen: { credentials?: string; signature?: string } = {};
    const server = createServer((req: IncomingMessage, res) => {
      if (req.url === '/credentials') {
        seen.credentials = req.headers.authorization;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            AccessKeyId: 'ASIABUILDTEST',
            SecretAccessKey: 'secret',
            Token: 'session',
            Expiration: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        );
        return;
      }
      seen.signature = req.headers.authorization;
      req.resume();
      res.statusCode = 400;
      res.setHeader('x-amzn-errortype', 'BadRequestException');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: 'refused by the build test' }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const {
      DATA_API_ENDPOINT: _endpoint,
      AWS_ACCESS_KEY_ID: _key,
      AWS_SECRET_ACCESS_KEY: _secret,
      AWS_SESSION_TOKEN: _token,
      AWS_PROFILE: _profile,
      ...rest
    } = env;
    const sweep = { source: 'aws.events', 'detail-type': 'Scheduled Event' };
    // Act: a scheduled sweep, whose first step reads the posts table
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--no-warnings',
          '-e',
          `require('./dist/publish/index.js')
            .handler(${JSON.stringify(sweep)}, { awsRequestId: 'build-test' })
            .then(() => process.stdout.write('returned'), (e) => process.stdout.write('threw ' + e.name));`,
        ],
        {
          env: {
            ...rest,
            AWS_ENDPOINT_URL_RDS_DATA: url,
            AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/credentials`,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: 'build-test-token',
            AWS_CONFIG_FILE: '/nonexistent/config',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
            LOG_LEVEL: 'error',
          },
        },
      );
      // Assert
      expect(seen.credentials).toBe('build-test-token');
      expect(seen.signature).toContain('Credential=ASIABUILDTEST/');
      // The refusal surfaces under its own name, minified bundle or not.
      expect(stdout).toMatch(/threw DatabaseError$/);
    } finally {
      server.close();
    }
  });
});
