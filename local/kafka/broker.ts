import { join } from 'node:path';
import {
  type DetachedSpec,
  isProcessAlive,
  LocalStackError,
  pollUntil,
  readLivePid,
  spawnDetached,
  stopDetached,
} from './detached.js';
import { ensureKafkaJars } from './jars.js';
import { withLock } from './lock.js';
import { isBrokerPortOpen, isBrokerReady, tailOf } from './probe.js';
import {
  addressOf,
  type BrokerInstance,
  brokerPaths,
  defaultBrokerInstance,
  kafkaVersion,
  stackLockDir,
} from './settings.js';
import { prepareBrokerFiles } from './storage.js';

type Progress = (line: string) => void;

/** Options of {@link startBroker}. */
export interface StartBrokerOptions {
  /** How long to wait for the broker to answer clients (default 60 s). */
  readonly timeoutMs?: number;
  readonly progress?: Progress;
  /** Which broker (default: the stack's, 127.0.0.1:9092). */
  readonly instance?: BrokerInstance;
}

// Small heap and G1 with short pauses, as bin/kafka-server-start.sh does,
// so the broker fits a 2-core machine next to the tests.
const jvmOptions = ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC'];

function brokerSpec(
  libs = '',
  instance = defaultBrokerInstance(),
): DetachedSpec {
  const paths = brokerPaths(instance);
  return {
    command: 'java',
    args: [
      ...jvmOptions,
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${paths.log4jProperties}`,
      '-cp',
      join(libs, '*'),
      'kafka.Kafka',
      paths.serverProperties,
    ],
    cwd: paths.dir,
    pidFile: paths.pidFile,
    logFile: paths.logFile,
    // Our config path in the command line tells our broker from any other.
    marker: paths.serverProperties,
  };
}

/** Pid of the broker started by this launcher, or null if not running. */
export function brokerPid(
  instance: BrokerInstance = defaultBrokerInstance(),
): number | null {
  return readLivePid(brokerSpec('', instance));
}

// The stack's broker shares the stack lock; another instance has its own.
function lockDirOf(instance: BrokerInstance | undefined): string {
  return instance === undefined
    ? stackLockDir()
    : join(instance.dir, 'broker.lock');
}

/** Whether the broker process started by this launcher is alive. */
export function isBrokerRunning(): boolean {
  return brokerPid() !== null;
}

/** True once clients can use broker `pid`, false if it exits first. */
async function waitUntilReady(
  pid: number,
  timeoutMs: number,
  instance: BrokerInstance,
) {
  let hasExited = false;
  const isSettled = async () => {
    hasExited = !isProcessAlive(pid);
    return hasExited || (await isBrokerReady(1000, instance));
  };
  if (await pollUntil(isSettled, timeoutMs, 250)) return !hasExited;
  const where = addressOf(instance);
  throw brokerFailure(
    `did not answer on ${where} in ${timeoutMs} ms`,
    instance,
  );
}

function brokerFailure(
  what: string,
  instance: BrokerInstance,
): LocalStackError {
  const { logFile } = brokerPaths(instance);
  return new LocalStackError(
    `Kafka broker ${what}. See ${logFile}; last lines:\n${tailOf(logFile)}`,
  );
}

/**
 * Start the local Kafka broker detached and wait until clients can use it.
 * Does nothing if it is already running and healthy. Returns its pid.
 * @throws LocalStackError if prerequisites are missing, the port is taken by
 * another process, or the broker does not become ready in time.
 */
export function startBroker(options: StartBrokerOptions = {}): Promise<number> {
  return withLock(lockDirOf(options.instance), () => startUnlocked(options));
}

async function startUnlocked(options: StartBrokerOptions): Promise<number> {
  const { timeoutMs = 60_000, progress = console.log } = options;
  const instance = options.instance ?? defaultBrokerInstance();
  const brokerAddress = addressOf(instance);
  const libs = ensureKafkaJars(progress);
  const spec = brokerSpec(libs, instance);
  const runningPid = readLivePid(spec);
  // It may also be dying (just SIGKILLed): then start a new one.
  if (
    runningPid !== null &&
    (await waitUntilReady(runningPid, timeoutMs, instance))
  ) {
    progress(`Kafka broker already running (pid ${runningPid})`);
    return runningPid;
  }
  // A broker killed a moment ago may still hold the port while it exits.
  const isPortFree = async () => !(await isBrokerPortOpen(instance));
  if (!(await pollUntil(isPortFree, 5000, 100))) {
    throw new LocalStackError(
      `${brokerAddress} is already in use by a process this launcher did ` +
        'not start; stop it, then run `npx tsx local/stack.ts up` again.',
    );
  }
  prepareBrokerFiles(libs, progress, instance);
  progress(`starting Kafka ${kafkaVersion} broker on ${brokerAddress}…`);
  const started = Date.now();
  const pid = spawnDetached(spec);
  if (!(await waitUntilReady(pid, timeoutMs, instance))) {
    throw brokerFailure(`exited during startup (pid ${pid})`, instance);
  }
  progress(`Kafka broker ready (pid ${pid}) in ${Date.now() - started} ms`);
  return pid;
}

/**
 * Stop the broker: SIGTERM, then SIGKILL after `graceMs` (default 15 s).
 * Data stays in .stack/kafka/data. Does nothing if it is not running.
 * @throws LocalStackError if the process survives SIGKILL.
 */
export async function stopBroker(
  options: {
    readonly graceMs?: number;
    readonly progress?: Progress;
    readonly instance?: BrokerInstance;
  } = {},
): Promise<void> {
  const { graceMs = 15_000, progress = console.log, instance } = options;
  const wasRunning = await withLock(lockDirOf(instance), () =>
    stopDetached(brokerSpec('', instance), graceMs),
  );
  progress(wasRunning ? 'Kafka broker stopped' : 'Kafka broker not running');
}

/**
 * Stop the broker (if running) and start it again on the same data.
 * @throws LocalStackError as {@link startBroker} and {@link stopBroker} do.
 */
export async function restartBroker(
  options: StartBrokerOptions = {},
): Promise<number> {
  await stopBroker({ progress: options.progress, instance: options.instance });
  return startBroker(options);
}
