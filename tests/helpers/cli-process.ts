/** Runs the `instalite-bridge` CLI as its own process, as a user would. */
import { spawn } from 'node:child_process';

/** How a CLI process ended, with what it printed. */
export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// What the local stack's own settings may override (engine, endpoint).
const PASSED_THROUGH = ['LOCAL_DB_ENGINE', 'DB_ENGINE', 'DATA_API_ENDPOINT'];

/**
 * Run `tsx cli/main.ts …args` with only PATH, HOME, the local stack's
 * engine settings and `env`; resolves when the process exits.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliOutcome> {
  const inherited = Object.fromEntries(
    PASSED_THROUGH.flatMap((name) => {
      const value = process.env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', ...args],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_NO_WARNINGS: '1',
        ...inherited,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON a `--json` run printed on stdout. @throws when it is not JSON */
export function jsonOf(outcome: CliOutcome): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(outcome.stdout);
    if (typeof parsed !== 'object' || parsed === null) throw new Error();
    return Object.fromEntries(Object.entries(parsed));
  } catch {
    throw new Error(
      `CLI printed no JSON object (exit ${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`,
    );
  }
}
