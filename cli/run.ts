import { parseArgs } from 'node:util';
import { createContext } from './context.js';
import { explainFailure } from './failure.js';
import { PROGRAM, renderCommandHelp, renderMainHelp } from './help.js';
import { type Sink, toJson } from './output.js';
import { COMMANDS } from './registry.js';
import {
  type Command,
  type CommandArgs,
  EXIT,
  GLOBAL_OPTIONS,
  type OptionSpec,
  UsageError,
} from './spec.js';

type Streams = { stdout: Sink; stderr: Sink };

/** The command named by the leading words, longest name first. */
function findCommand(words: readonly string[]): Command | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.name.length - a.name.length);
  return sorted.find((c) => c.name.every((w, i) => words[i] === w));
}

function parseOptions(options: readonly OptionSpec[]) {
  return Object.fromEntries(
    options.map((o) => [
      o.name,
      { type: o.type, ...(o.short !== undefined && { short: o.short }) },
    ]),
  );
}

/** Parse a command's arguments. @throws UsageError */
function parseCommandArgs(command: Command, args: string[]): CommandArgs {
  try {
    const { values, positionals, tokens } = parseArgs({
      args,
      options: parseOptions([...GLOBAL_OPTIONS, ...command.options]),
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    // parseArgs keeps the last of a repeated option; two --file values
    // would silently publish one of them.
    const names = tokens.flatMap((t) =>
      t.kind === 'option' && t.value !== undefined ? [t.name] : [],
    );
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) throw new UsageError(`--${repeated} is given twice`);
    return { values, positionals };
  } catch (error: unknown) {
    // parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message);
  }
}

function checkPositionals(command: Command, args: CommandArgs): void {
  const expected = command.positionals?.length ?? 0;
  if (args.positionals.length !== expected) {
    const names = (command.positionals ?? []).map((p) => `<${p.name}>`);
    throw new UsageError(
      `${command.name.join(' ')} takes ${expected ? names.join(' ') : 'no arguments'}` +
        `, got: ${args.positionals.join(' ') || 'none'}`,
    );
  }
}

function report(
  error: unknown,
  flags: { isJson: boolean; isLocal: boolean; command?: Command },
  streams: Streams,
): number {
  const explained = explainFailure(error, flags.isLocal);
  const words = flags.command ? ` ${flags.command.name.join(' ')}` : '';
  const failure =
    error instanceof UsageError
      ? { ...explained, hint: `see ${PROGRAM}${words} --help` }
      : explained;
  streams.stderr.write(`${PROGRAM}: ${failure.message}\n  → ${failure.hint}\n`);
  if (flags.isJson) {
    const { name, message, hint, exitCode } = failure;
    streams.stdout.write(
      `${toJson({ error: { name, message, hint, exitCode } })}\n`,
    );
  }
  return failure.exitCode;
}

/** Edit distance of two short words (insert, delete, replace). Pure. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min(replace, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The command a typo most likely meant, within two edits. */
function closestCommand(typed: string): string | undefined {
  const names = COMMANDS.map((c) => c.name.join(' '));
  const best = names
    .map((name) => ({ name, d: distance(typed, name) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.name : undefined;
}

/**
 * Run the CLI on `argv` (without node and script); returns the exit code.
 * Global flags may come before the command words.
 */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  streams: Streams,
): Promise<number> {
  const lead = argv.findIndex((a) => !a.startsWith('-'));
  const words = lead < 0 ? [] : argv.slice(lead);
  const command = findCommand(words);
  const isHelp = argv.some((a) => a === '--help' || a === '-h');
  const isJson = argv.includes('--json');
  const isLocal = argv.includes('--local');
  if (!command) {
    const group = COMMANDS.filter((c) => c.name[0] === words[0]);
    const known = words.length === 0 || group.length > 0;
    const text = renderMainHelp(group.length > 0 ? group : COMMANDS);
    if (isHelp && known) {
      streams.stdout.write(`${text}\n`);
      return EXIT.ok;
    }
    const subcommands = group.map((c) => c.name.slice(1).join(' '));
    // The command as typed: the words before the first option.
    const firstOption = words.findIndex((w) => w.startsWith('-'));
    const typed = (firstOption < 0 ? words : words.slice(0, firstOption)).join(
      ' ',
    );
    const takes = `${words[0]} takes: ${subcommands.join(', ')}`;
    const guess = closestCommand(typed);
    const problem =
      words.length === 0
        ? 'no command given'
        : group.length === 0
          ? `unknown command: ${typed}${guess ? ` (did you mean ${guess}?)` : ''}`
          : typed === words[0]
            ? `${words[0]} needs one of: ${subcommands.join(', ')}`
            : `unknown command: ${typed} (${takes})`;
    // The list of commands helps when none was named; a mistyped one only
    // needs the error.
    if (words.length === 0 || (typed === words[0] && group.length > 0))
      streams.stderr.write(`${text}\n\n`);
    return report(new UsageError(problem), { isJson, isLocal }, streams);
  }
  const rest = [...argv.slice(0, lead), ...words.slice(command.name.length)];
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      streams.stdout.write(`${renderCommandHelp(command)}\n`);
      return EXIT.ok;
    }
    checkPositionals(command, args);
    const context = createContext(
      {
        isJson,
        isLocal,
        isQuiet: args.values.quiet === true,
        isVerbose: args.values.verbose === true,
      },
      env,
      streams,
    );
    return await command.run(args, context);
  } catch (error: unknown) {
    return report(error, { isJson, isLocal, command }, streams);
  }
}
