/**
 * Test helpers for the local Data API emulator: the emulator on the engine
 * chosen by LOCAL_DB_ENGINE, a real SDK client, and admin calls.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { RDSDataClient } from '@aws-sdk/client-rds-data';

/** ARNs the emulator accepts by default. */
export const ARNS = {
  resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:emulator-test',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:test',
} as const;

/** The database engines the emulator runs on. */
export type TestEngine = 'pglite' | 'postgres' | 'mysql';

/**
 * The engine under test, from LOCAL_DB_ENGINE (default pglite).
 * @throws Error for an unknown engine name.
 */
export function testEngine(): TestEngine {
  const engine = process.env.LOCAL_DB_ENGINE ?? 'pglite';
  if (engine !== 'pglite' && engine !== 'postgres' && engine !== 'mysql') {
    throw new Error(
      `LOCAL_DB_ENGINE must be pglite, postgres or mysql: ${engine}`,
    );
  }
  return engine;
}

/**
 * Picks the SQL or expectation for the engine under test, so per-engine
 * values sit side by side in a test. `pg` covers PGlite and PostgreSQL
 * unless `pglite` or `postgres` is given.
 */
export function byEngine<T>(choices: {
  readonly pg: T;
  readonly mysql: T;
  readonly pglite?: T;
  readonly postgres?: T;
}): T {
  const engine = testEngine();
  if (engine === 'mysql') return choices.mysql;
  return choices[engine] ?? choices.pg;
}

/** A running emulator child process. */
export interface TestEmulator {
  readonly url: string;
  close(): Promise<void>;
}

function serverUrl(engine: TestEngine): string | undefined {
  if (engine === 'pglite') return undefined;
  const variable = engine === 'mysql' ? 'LOCAL_MYSQL_URL' : 'LOCAL_PG_URL';
  const url = process.env[variable];
  if (!url) {
    throw new Error(`LOCAL_DB_ENGINE=${engine} needs ${variable} to be set`);
  }
  return url;
}

/**
 * Starts the emulator CLI (local/data-api/main.ts) on a free port with the
 * engine from LOCAL_DB_ENGINE (default pglite; postgres reads LOCAL_PG_URL,
 * mysql LOCAL_MYSQL_URL). A child process, because PGlite's dynamic imports
 * need --experimental-vm-modules inside jest.
 * @throws Error when the engine's URL variable is missing, or when the
 * emulator does not report that it listens within 60 s.
 */
export async function startTestEmulator(
  extraArgs: readonly string[] = [],
): Promise<TestEmulator> {
  const engine = testEngine();
  const url = serverUrl(engine);
  const args = ['--engine', engine, '--port', '0', ...extraArgs];
  if (url) args.push('--url', url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/data-api/main.ts', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );
  const lines = createInterface({ input: child.stdout });
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('emulator start timed out')),
      60_000,
    );
    lines.on('line', (line) => {
      const found = /listening on (http:\/\/\S+)/.exec(line);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}`));
    });
  });
  return {
    url: await listening,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The unmodified SDK client pointed at the emulator. */
export function emulatorClient(url: string): RDSDataClient {
  return new RDSDataClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Creates a database `test_<purpose>_<id>` through the admin endpoint. */
export async function createEmulatorDatabase(
  url: string,
  purpose: string,
): Promise<string> {
  const name = `test_${purpose}_${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${url}/_admin/databases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`create ${name}: ${await response.text()}`);
  return name;
}

/** Drops a database through the admin endpoint. */
export async function dropEmulatorDatabase(
  url: string,
  name: string,
): Promise<void> {
  const response = await fetch(`${url}/_admin/databases/${name}`, {
    method: 'DELETE',
  });
  if (!response.ok) throw new Error(`drop ${name}: ${await response.text()}`);
}

/** Calls an admin endpoint and returns its parsed JSON body. */
export async function emulatorAdmin(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${url}/_admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

/** Number of Data API requests the emulator has received so far. */
export async function requestCount(url: string): Promise<number> {
  const state = await emulatorAdmin(url, 'GET', 'faults');
  const counters: unknown =
    typeof state === 'object' && state !== null
      ? Reflect.get(state, 'counters')
      : undefined;
  const requests: unknown =
    typeof counters === 'object' && counters !== null
      ? Reflect.get(counters, 'requests')
      : undefined;
  if (typeof requests !== 'number') throw new Error('no request counter');
  return requests;
}
