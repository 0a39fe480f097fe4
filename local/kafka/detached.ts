import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../lib/errors.js';

/** A local stack component could not be prepared, started or stopped. */
export class LocalStackError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, false, options);
  }
}

/** A background process with its pid file and log file. */
export interface DetachedSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly pidFile: string;
  readonly logFile: string;
  /** Text that must appear in /proc/<pid>/cmdline (guards against pid reuse). */
  readonly marker: string;
  readonly env?: NodeJS.ProcessEnv;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a live (not zombie) process whose command has `marker`. */
export function isProcessAlive(pid: number, marker?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? error.code : '';
    if (code !== 'EPERM') return false;
  }
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return true; // no procfs: trust kill(0)
  if (/\) Z /.test(stat)) return false;
  if (marker === undefined) return true;
  return (readProc(pid, 'cmdline') ?? '').includes(marker);
}

/** The pid from `spec.pidFile` if that process is alive, else null. */
export function readLivePid(spec: DetachedSpec): number | null {
  let text: string;
  try {
    text = readFileSync(spec.pidFile, 'utf8').trim();
  } catch {
    return null;
  }
  const pid = Number.parseInt(text, 10);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid, spec.marker)) {
    return pid;
  }
  rmSync(spec.pidFile, { force: true });
  return null;
}

/** Start `spec` in its own process group, output appended to its log file. */
export function spawnDetached(spec: DetachedSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  writeFileSync(out, `\n===== started ${new Date().toISOString()} =====\n`);
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    // A failed spawn (ENOENT) shows up as an exited pid; callers see that.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) {
      throw new LocalStackError(`could not start ${spec.command}`);
    }
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to signal.
  }
}

/** Poll `predicate` every `intervalMs` until it is true or time runs out. */
export async function pollUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await delay(intervalMs);
  }
}

/**
 * SIGTERM the process group, SIGKILL it after `graceMs`. Returns whether a
 * process was running.
 */
export async function stopDetached(
  spec: DetachedSpec,
  graceMs: number,
): Promise<boolean> {
  const pid = readLivePid(spec);
  if (pid === null) return false;
  const isGone = () => !isProcessAlive(pid);
  signalGroup(pid, 'SIGTERM');
  if (!(await pollUntil(isGone, graceMs))) {
    signalGroup(pid, 'SIGKILL');
    if (!(await pollUntil(isGone, 5000))) {
      throw new LocalStackError(`process ${pid} survived SIGKILL`);
    }
  }
  rmSync(spec.pidFile, { force: true });
  return true;
}
