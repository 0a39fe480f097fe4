import {
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { isProcessAlive, LocalStackError, pollUntil } from './detached.js';

// A lock whose owner file is not written within this time was abandoned
// between mkdir and write (the owner died right there).
const ownerlessGraceMs = 10_000;

function isStale(lockDir: string): boolean {
  try {
    const owner = Number.parseInt(
      readFileSync(join(lockDir, 'owner'), 'utf8'),
      10,
    );
    return !isProcessAlive(owner);
  } catch {
    try {
      return Date.now() - statSync(lockDir).mtimeMs > ownerlessGraceMs;
    } catch {
      return false; // released meanwhile: just try again
    }
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir); // atomic: exactly one process creates it
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? error.code : '';
    if (code !== 'EEXIST') throw error;
    if (isStale(lockDir)) rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lockDir, 'owner'), `${process.pid}\n`);
  return true;
}

/**
 * Run `action` while holding a cross-process lock (a directory), so that
 * concurrent `stack up` runs or tests do not start a component twice.
 * @throws LocalStackError if the lock is not free within `timeoutMs`.
 */
export async function withLock<T>(
  lockDir: string,
  action: () => Promise<T>,
  timeoutMs = 120_000,
): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  if (!(await pollUntil(() => tryAcquire(lockDir), timeoutMs, 100))) {
    throw new LocalStackError(
      `${lockDir} stayed locked for ${timeoutMs} ms; if no stack command ` +
        'is running, delete it and retry.',
    );
  }
  try {
    return await action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
