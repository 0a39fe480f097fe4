/** Runs `local/run-ingest.ts` as its own process, as Lambda would. */
import { type ChildProcess, spawn } from 'node:child_process';

/** How an ingest process ended. */
export interface ProcessOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The printed summary, or `{ error }` when the run failed. */
  readonly output: Record<string, unknown> | undefined;
  readonly ms: number;
}

/** A started ingest process. */
export interface IngestProcess {
  readonly child: ChildProcess;
  readonly ended: Promise<ProcessOutcome>;
}

/** Start one ingest invocation with exactly this function environment. */
export function startIngestProcess(
  env: Record<string, string>,
  remainingMs = 120_000,
): IngestProcess {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/run-ingest.ts',
      '--remaining-ms',
      String(remainingMs),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        // The SDK's Node-version notice would drown the suite's output.
        NODE_NO_WARNINGS: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const ended = new Promise<ProcessOutcome>((resolve) => {
    child.once('exit', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1);
      let output: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = line ? JSON.parse(line) : undefined;
        if (typeof parsed === 'object' && parsed !== null) {
          output = Object.fromEntries(Object.entries(parsed));
        }
      } catch {
        output = undefined;
      }
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
  return { child, ended };
}

/**
 * The fault suite's seed: FAULT_SEED when set (local/run-faults.ts sets it
 * and prints it), else a fixed default so a lone jest run is repeatable.
 */
export function faultSeed(): number {
  const seed = Number(process.env.FAULT_SEED ?? '20240601');
  if (!Number.isInteger(seed)) throw new Error('FAULT_SEED must be an integer');
  return seed;
}
