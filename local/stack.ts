/**
 * Local stack controller: `npx tsx local/stack.ts up|down|status`.
 * Runs the Kafka broker (local/kafka/broker.ts) and the Data API emulator
 * (local/data-api/main.ts) detached; pid and log files live in the repo's
 * gitignored `.stack/` (override with STACK_DIR): `.stack/kafka/broker.log`,
 * `.stack/data-api.log`. Kafka data stays in `.stack/kafka/data` across
 * restarts; delete that folder for a blank broker.
 */
import { join } from 'node:path';
import { brokerPid, startBroker, stopBroker } from './kafka/broker.js';
import {
  type DetachedSpec,
  LocalStackError,
  pollUntil,
  readLivePid,
  spawnDetached,
  stopDetached,
} from './kafka/detached.js';
import { withLock } from './kafka/lock.js';
import { isBrokerReady, tailOf } from './kafka/probe.js';
import {
  brokerAddress,
  findRepoRoot,
  stackDir,
  stackLockDir,
} from './kafka/settings.js';

type Progress = (line: string) => void;
type Engine = 'pglite' | 'postgres' | 'mysql';

const dataApiHost = '127.0.0.1';
const dataApiPort = 8099;
const healthUrl = `http://${dataApiHost}:${dataApiPort}/_admin/health`;
const emulatorEntry = 'local/data-api/main.ts';

/**
 * Engine and URL for the Data API emulator, from LOCAL_DB_ENGINE and
 * LOCAL_PG_URL (postgres) or LOCAL_MYSQL_URL (mysql).
 */
function readEngine(env = process.env): { engine: Engine; url?: string } {
  const engine = (env.LOCAL_DB_ENGINE ?? 'pglite').trim();
  if (engine === 'pglite') return { engine };
  if (engine !== 'postgres' && engine !== 'mysql') {
    throw new LocalStackError(
      `LOCAL_DB_ENGINE must be pglite, postgres or mysql, got "${engine}"`,
    );
  }
  const [variable, example] =
    engine === 'mysql'
      ? ['LOCAL_MYSQL_URL', 'mysql://root:pw@127.0.0.1:23306/']
      : ['LOCAL_PG_URL', 'postgres://user:pass@127.0.0.1:5432/postgres'];
  const url = env[variable]?.trim();
  if (!url) {
    throw new LocalStackError(
      `LOCAL_DB_ENGINE=${engine} needs ${variable}, e.g. ${example}`,
    );
  }
  return { engine, url };
}

function emulatorSpec(engine: Engine, url?: string): DetachedSpec {
  const urlArgs = url === undefined ? [] : ['--url', url];
  return {
    // node --import tsx: one process to signal, no npx wrapper.
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      emulatorEntry,
      '--engine',
      engine,
      ...urlArgs,
    ].concat(['--port', String(dataApiPort), '--host', dataApiHost]),
    cwd: findRepoRoot(),
    pidFile: join(stackDir(), 'data-api.pid'),
    logFile: join(stackDir(), 'data-api.log'),
    marker: emulatorEntry,
  };
}

/** Engine reported by the emulator's health endpoint, or null if down. */
async function emulatorEngine(): Promise<string | null> {
  try {
    const response = await fetch(healthUrl, {
      signal: AbortSignal.timeout(1000),
    });
    if (response.status !== 200) return null;
    const body: unknown = await response.json();
    const isObject = typeof body === 'object' && body !== null;
    const engine = isObject && 'engine' in body ? body.engine : null;
    return typeof engine === 'string' ? engine : null;
  } catch {
    return null;
  }
}

async function startEmulator(
  { engine, url }: { engine: Engine; url?: string },
  progress: Progress,
): Promise<void> {
  const spec = emulatorSpec(engine, url);
  if (readLivePid(spec) !== null) {
    const running = await emulatorEngine();
    if (running === engine) {
      progress(`Data API emulator already running (${engine})`);
      return;
    }
    progress(`Data API emulator runs ${running ?? '?'}; restarting…`);
    await stopDetached(spec, 5000);
  } else if ((await emulatorEngine()) !== null) {
    throw new LocalStackError(
      `${healthUrl} is answered by a process this script did not start; ` +
        'stop it first.',
    );
  }
  progress(`starting Data API emulator (${engine}) on port ${dataApiPort}…`);
  const pid = spawnDetached(spec);
  const isUp = async () =>
    readLivePid(spec) === null || (await emulatorEngine()) === engine;
  await pollUntil(isUp, 60_000, 250);
  if ((await emulatorEngine()) !== engine) {
    throw new LocalStackError(
      `Data API emulator (pid ${pid}) did not become healthy. ` +
        `See ${spec.logFile}; last lines:\n${tailOf(spec.logFile)}`,
    );
  }
  progress(`Data API emulator ready (pid ${pid}, ${engine})`);
}

/**
 * Start the Kafka broker and the Data API emulator; no-op for running parts.
 * The emulator's engine comes from LOCAL_DB_ENGINE (pglite by default,
 * postgres with LOCAL_PG_URL, or mysql with LOCAL_MYSQL_URL); one running
 * another engine is restarted.
 * @throws LocalStackError naming the part that failed and its log file, or
 * the env variable that is invalid.
 */
export async function stackUp(progress: Progress = console.log): Promise<void> {
  const database = readEngine(); // fail on bad env before starting anything
  await startBroker({ progress });
  await withLock(stackLockDir(), () => startEmulator(database, progress));
  progress('local stack is up');
}

/**
 * Stop the Data API emulator and the Kafka broker (data is kept).
 * @throws LocalStackError if a process survives SIGKILL.
 */
export async function stackDown(
  progress: Progress = console.log,
): Promise<void> {
  const wasRunning = await withLock(stackLockDir(), () =>
    stopDetached(emulatorSpec('pglite'), 5000),
  );
  progress(
    wasRunning ? 'Data API emulator stopped' : 'Data API emulator not running',
  );
  await stopBroker({ progress });
}

/** Print what is running. */
export async function printStackStatus(
  progress: Progress = console.log,
): Promise<void> {
  const kafkaPid = brokerPid();
  const kafkaState = (await isBrokerReady()) ? 'ready' : 'not answering';
  progress(
    kafkaPid === null
      ? 'Kafka broker: down'
      : `Kafka broker: pid ${kafkaPid}, ${kafkaState} (${brokerAddress})`,
  );
  const pid = readLivePid(emulatorSpec('pglite'));
  const engine = pid === null ? null : await emulatorEngine();
  progress(
    pid === null
      ? 'Data API emulator: down'
      : `Data API emulator: pid ${pid}, ${engine ?? 'not healthy'} ` +
          `(${healthUrl})`,
  );
}

async function main(command: string | undefined): Promise<void> {
  if (command === 'up') return stackUp();
  if (command === 'down') return stackDown();
  if (command === 'status') return printStackStatus();
  throw new LocalStackError('usage: npx tsx local/stack.ts up|down|status');
}

// Run as a CLI only when this file is the entry point, not when imported.
if (/(^|[/\\])local[/\\]stack\.ts$/.test(process.argv[1] ?? '')) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
