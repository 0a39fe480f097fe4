import { getQuarantine } from '../../lib/quarantine.js';
import type { CliContext } from '../context.js';
import { renderPairs } from '../output.js';
import {
  CliError,
  type Command,
  type CommandArgs,
  EXIT,
  quarantineId,
} from '../spec.js';

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const id = quarantineId(args.positionals[0] ?? '', 'ID');
  const record = await getQuarantine(context.db(), id);
  if (record === undefined) {
    throw new CliError(
      `no quarantined record with id ${id}`,
      `${context.commandLine('quarantine list')} shows the ids (a replayed record leaves the quarantine)`,
    );
  }
  const headers = Object.entries(record.headers).map(
    ([name, h]) =>
      `${name}=${h.encoding === 'utf8' ? h.data : `base64:${h.data}`}`,
  );
  const text = [
    renderPairs([
      ['id', record.id],
      ['topic', record.topic],
      ['partition', record.partition],
      ['offset', record.offset],
      ['reason', record.reason],
      ['detail', record.detail],
      ['quarantined at', record.quarantinedAt],
      [
        'key',
        record.key === null ? null : `${record.key} (${record.keyEncoding})`,
      ],
      ['headers', headers.join(', ') || '-'],
      ['value encoding', record.valueEncoding],
    ]),
    '',
    'Value:',
    record.value ?? '(null)',
  ].join('\n');
  context.print(text, record);
  return EXIT.ok;
}

/** `quarantine show ID`: one quarantined record, whole. */
export const quarantineShowCommand: Command = {
  name: ['quarantine', 'show'],
  summary: 'Show one quarantined record whole (key, headers, value)',
  description:
    'The value is printed as stored: UTF-8 text, or base64 when the bytes ' +
    'were not clean text (value encoding says which).',
  positionals: [
    { name: 'ID', description: 'The quarantine id (from quarantine list)' },
  ],
  options: [],
  examples: ['instalite-bridge quarantine show 42 --local'],
  run,
};
