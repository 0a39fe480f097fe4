import { EXIT_CODES, PROGRAM, usageLine } from './help.js';
import { COMMANDS } from './registry.js';
import { type Command, GLOBAL_OPTIONS, type OptionSpec } from './spec.js';

const cell = (text: string) => text.replaceAll('|', '\\|');

function optionName(o: OptionSpec): string {
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
  const short = o.short ? `-${o.short}, ` : '';
  return `\`${short}--${o.name}${value}\``;
}

function optionTable(options: readonly OptionSpec[]): string[] {
  return [
    '| Option | What it does |',
    '| --- | --- |',
    ...options.map((o) => `| ${optionName(o)} | ${cell(o.description)} |`),
  ];
}

function commandSection(c: Command): string[] {
  const lines = [`#### \`${c.name.join(' ')}\``, '', `${c.summary}.`, ''];
  lines.push('```', usageLine(c), '```', '');
  if (c.description) lines.push(c.description, '');
  for (const p of c.positionals ?? []) {
    lines.push(`\`${p.name}\`: ${p.description}.`, '');
  }
  if (c.options.length > 0) lines.push(...optionTable(c.options), '');
  if (c.attention) lines.push(`Exit code 3: ${c.attention}.`, '');
  if (c.examples?.length) lines.push('```sh', ...c.examples, '```', '');
  return lines;
}

/**
 * The README's CLI reference in Markdown, from the same definitions as
 * `--help`, so the two cannot drift. Pure.
 */
export function renderCliReference(
  commands: readonly Command[] = COMMANDS,
): string {
  return [
    `Every command takes the global options and \`--help\`. Results go to`,
    'stdout (a table, or JSON with `--json`); progress and errors go to',
    'stderr.',
    '',
    ...optionTable(GLOBAL_OPTIONS),
    '',
    '| Exit code | Meaning |',
    '| --- | --- |',
    ...EXIT_CODES.map(([code, text]) => `| ${code} | ${cell(text)} |`),
    '',
    ...commands.flatMap(commandSection),
    `_Generated from the CLI's help definitions (\`cli/\`); \`${PROGRAM} --help\` prints the same._`,
  ].join('\n');
}
