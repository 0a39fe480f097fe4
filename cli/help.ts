import { type Command, GLOBAL_OPTIONS, type OptionSpec } from './spec.js';

/** The program name, as the package.json `bin` declares it. */
export const PROGRAM = 'instalite-bridge';

/** What each exit code means, for help and the README. */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, 'done, nothing needs attention'],
  [
    1,
    'operational failure (broker, database, config, file); the message says what to do',
  ],
  [2, 'usage error (unknown command or option, bad value)'],
  [3, 'done, but attention is needed (see each command)'],
];

function optionLabel(o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : '';
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
  return `${short}--${o.name}${value}`;
}

function optionLines(options: readonly OptionSpec[]): string[] {
  const labels = options.map(optionLabel);
  const width = Math.max(0, ...labels.map((l) => l.length));
  return options.map(
    (o, i) => `  ${(labels[i] ?? '').padEnd(width)}  ${o.description}`,
  );
}

/** Words wrapped to `width` columns, each line indented. Pure. */
export function wrap(text: string, width = 76, indent = ''): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width - indent.length) {
      lines.push(indent + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(indent + current);
  return lines;
}

/** `name [options] <positionals>` for a command. */
export function usageLine(command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => ` <${p.name}>`);
  return `${PROGRAM} ${command.name.join(' ')}${positionals.join('')} [options]`;
}

/** The `--help` text of one command. Pure. */
export function renderCommandHelp(command: Command): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.description) lines.push('', ...wrap(command.description));
  if (command.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals)
      lines.push(`  ${p.name}  ${p.description}`);
  }
  if (command.options.length > 0) {
    lines.push('', 'Options:', ...optionLines(command.options));
  }
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  if (command.attention) {
    lines.push('', ...wrap(`Exit code 3: ${command.attention}`));
  }
  if (command.examples?.length) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return lines.join('\n');
}

/** The top-level help: every command with its summary. Pure. */
export function renderMainHelp(commands: readonly Command[]): string {
  const names = commands.map((c) => c.name.join(' '));
  const width = Math.max(0, ...names.map((n) => n.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Operate the InstaLite Kafka bridge: the local stack with --local, a',
    'deployment with the same environment (or config.json) as the functions.',
    '',
    'Commands:',
    ...commands.map(
      (c, i) => `  ${(names[i] ?? '').padEnd(width)}  ${c.summary}`,
    ),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Exit codes:',
    ...EXIT_CODES.map(([code, text]) => `  ${code}  ${text}`),
    '',
    `Run '${PROGRAM} <command> --help' for a command's options.`,
  ].join('\n');
}
