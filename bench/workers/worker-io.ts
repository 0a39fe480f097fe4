/**
 * The child side of a benchmark worker: read the job, report one result
 * line with the process's peak RSS. Each variant runs in its own process so
 * its peak RSS is its own.
 */
import { readFileSync } from 'node:fs';

/** The line prefix the parent looks for on stdout. */
export const RESULT_MARK = 'BENCH_RESULT ';

/** The job the parent passed in BENCH_JOB. @throws Error when absent */
export function readJob<T>(): T {
  const raw = process.env.BENCH_JOB;
  if (!raw) throw new Error('BENCH_JOB is not set: run through bench/main.ts');
  return JSON.parse(raw) as T;
}

/**
 * Peak resident set size of this process so far, in bytes: VmHWM of
 * /proc/self/status. Not `resourceUsage().maxRSS`: on Linux that keeps the
 * parent's peak across fork and exec, so a child would report the bench's
 * own (emulator-sized) RSS.
 */
export function peakRssBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kib !== undefined) return Number(kib) * 1024;
  } catch {
    // Not Linux: fall back to getrusage below.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Print the result line (peak RSS added) and exit. */
export function finish(result: Record<string, unknown>): never {
  const line = JSON.stringify({ ...result, peakRssBytes: peakRssBytes() });
  process.stdout.write(`\n${RESULT_MARK}${line}\n`, () => process.exit(0));
  // process.exit runs in the write callback; keep the type `never`.
  return undefined as never;
}

/** Run a worker's main, reporting failures on stderr with exit code 1. */
export function runWorker(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    process.exit(1);
  });
}
