/**
 * Apply schema migrations through the Data API (the production path), from
 * `schema/<engine>/`.
 *   npm run migrate            local stack: base-table fixture + migrations,
 *                              in the dialect of the running emulator (its
 *                              /_admin/health engine; DB_ENGINE overrides)
 *   npm run migrate:deploy     the cluster named by DB_* env variables
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.js';
import { createDataApi } from '../lib/data-api.js';
import { describeError } from '../lib/errors.js';
import { createLogger } from '../lib/logging.js';
import { applyMigrations, type Migration } from '../lib/migrations.js';

/** Migration files of one folder, in name order. */
export function readMigrations(dir: string, prefix = ''): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      name: `${prefix}${f}`,
      sql: readFileSync(join(dir, f), 'utf8'),
    }));
}

/** Every migration for an engine; the local fixture first when asked. */
export function migrationsFor(
  engine: string,
  withFixture: boolean,
): Migration[] {
  const dir = join('schema', engine);
  return [
    ...(withFixture ? readMigrations(join(dir, 'fixture'), 'fixture/') : []),
    ...readMigrations(dir),
  ];
}

// The stack is the truth locally: a shell without LOCAL_DB_ENGINE still
// migrates a MariaDB-backed emulator with the MySQL files.
async function localMigrateEnv() {
  const { localEnv, quietSdkNodeNotice } = await import(
    '../local/local-env.js'
  );
  const { stackEngine } = await import('../local/admin.js');
  const engine = process.env.DB_ENGINE ?? (await stackEngine());
  quietSdkNodeNotice();
  return localEnv({ ...process.env, DB_ENGINE: engine });
}

async function main(): Promise<void> {
  const isLocal = process.argv.includes('--local');
  const config = loadConfig(isLocal ? await localMigrateEnv() : process.env);
  if (isLocal) {
    // The embedded database lives in memory: a fresh stack has none yet.
    const { ensureDatabase } = await import('../local/admin.js');
    await ensureDatabase(config.database.name);
  }
  const logger = createLogger({ tool: 'migrate' }, 'warn');
  const db = createDataApi(config.database, logger);
  const target = `${config.database.name} on ${config.database.resourceArn}`;
  console.log(`Applying ${config.database.engine} migrations to ${target}`);
  const applied = await applyMigrations(
    db,
    migrationsFor(config.database.engine, isLocal),
    (name) => console.log(`  applying ${name}`),
  );
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s).`
      : 'Already up to date.',
  );
}

if (process.argv[1]?.endsWith('migrate.ts')) {
  main().catch((error: unknown) => {
    console.error(`Migration failed: ${describeError(error)}`);
    if (process.argv.includes('--local')) {
      console.error('Is the local stack up? npm run stack:status');
    }
    process.exit(1);
  });
}
