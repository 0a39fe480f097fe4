import { QUARANTINE_REASONS } from '../lib/inbound/types.js';
import { canonicalBigintId, MAX_BIGINT } from '../lib/post.js';
import type { CliContext } from './context.js';

/** One option of a command, as parseArgs reads it and help shows it. */
export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help for a string value, e.g. `N`. */
  readonly value?: string;
  readonly description: string;
}

/** A positional argument, for help only (parseArgs hands them over). */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
}

/** The parsed command line a command receives. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** A command: its help definition and what it runs; returns the exit code. */
export interface Command {
  /** Words that select it, e.g. `['quarantine', 'list']`. */
  readonly name: readonly string[];
  readonly summary: string;
  /** Longer text under the usage line. */
  readonly description?: string;
  readonly options: readonly OptionSpec[];
  readonly positionals?: readonly PositionalSpec[];
  readonly examples?: readonly string[];
  /** What this command's exit code 3 means, when it uses it. */
  readonly attention?: string;
  readonly run: (args: CommandArgs, context: CliContext) => Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  attention: 3,
} as const;

/** A command-line mistake: exit code 2 and a pointer to the help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An operational failure the CLI itself found, with what to do next. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly hint: string;
  constructor(message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.hint = hint;
  }
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'local',
    type: 'boolean',
    description:
      'Use the local stack: local/local-env.ts defaults under the environment',
  },
  { name: 'json', type: 'boolean', description: 'Print JSON on stdout' },
  {
    name: 'quiet',
    type: 'boolean',
    short: 'q',
    description: 'No progress output on stderr',
  },
  {
    name: 'verbose',
    type: 'boolean',
    short: 'v',
    description: 'Bridge logs (JSON lines) on stderr at LOG_LEVEL',
  },
  { name: 'help', type: 'boolean', short: 'h', description: 'Show help' },
];

/** A string option as a whole number in [min, max]. @throws UsageError */
export function integerOption(
  args: CommandArgs,
  name: string,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, not ${String(raw)}`,
    );
  }
  return value;
}

/** A string option, or undefined when absent. */
export function stringOption(
  args: CommandArgs,
  name: string,
): string | undefined {
  const raw = args.values[name];
  if (typeof raw !== 'string') return undefined;
  // An empty filter would silently match nothing (or everything).
  if (raw.trim() === '') throw new UsageError(`--${name} needs a value`);
  return raw;
}

/**
 * `--reason`: one of the decoder's quarantine reasons, or undefined when
 * absent. A misspelt reason would otherwise match no record and look like
 * an empty quarantine. @throws UsageError
 */
export function reasonOption(args: CommandArgs): string | undefined {
  const reason = stringOption(args, 'reason');
  if (
    reason !== undefined &&
    !(QUARANTINE_REASONS as readonly string[]).includes(reason)
  ) {
    throw new UsageError(
      `--reason ${reason} is not a quarantine reason; use one of: ${QUARANTINE_REASONS.join(', ')}`,
    );
  }
  return reason;
}

/**
 * A quarantine id as typed (`--after`, `--id`, `show ID`) in canonical
 * decimal: "0001" names record 1, and an id past BIGINT is refused here
 * rather than by the database. @throws UsageError
 */
export function quarantineId(raw: string, what: string): string {
  const id = canonicalBigintId(raw);
  if (id === undefined) {
    throw new UsageError(
      `${what} takes a quarantine id (a whole number up to ${MAX_BIGINT}), not ${raw}`,
    );
  }
  return id;
}
