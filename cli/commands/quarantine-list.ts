import { listQuarantine } from '../../lib/quarantine.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../output.js';
import {
  type Command,
  type CommandArgs,
  EXIT,
  integerOption,
  quarantineId,
  reasonOption,
  stringOption,
} from '../spec.js';

/** Shorten text for a table cell. Pure. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const limit = integerOption(args, 'limit', 20, 1, 1000);
  const reason = reasonOption(args);
  const after = stringOption(args, 'after');
  const afterId =
    after === undefined ? undefined : quarantineId(after, '--after');
  const records = await listQuarantine(context.db(), {
    reason,
    limit,
    afterId,
  });
  const nextAfterId =
    records.length === limit ? (records.at(-1)?.id ?? null) : null;
  const rows = records.map((r) => [
    r.id,
    r.topic,
    String(r.partition),
    r.offset,
    r.reason,
    r.quarantinedAt,
    r.valueBytes,
    clip(r.detail, 60),
  ]);
  const headers = [
    'id',
    'topic',
    'partition',
    'offset',
    'reason',
    'quarantined at',
    'bytes',
    'detail',
  ];
  const next = [
    'quarantine list',
    ...(reason ? [`--reason ${reason}`] : []),
    ...(args.values.limit !== undefined ? [`--limit ${limit}`] : []),
    `--after ${nextAfterId}`,
  ].join(' ');
  const more = nextAfterId ? `\nMore: ${context.commandLine(next)}` : '';
  const text =
    records.length === 0
      ? `No quarantined records${reason ? ` with reason ${reason}` : ''}.`
      : `${renderTable(headers, rows)}${more}`;
  context.print(text, { records, nextAfterId });
  return EXIT.ok;
}

/** `quarantine list`: quarantined records, oldest first. */
export const quarantineListCommand: Command = {
  name: ['quarantine', 'list'],
  summary: 'List quarantined records (oldest first)',
  options: [
    {
      name: 'reason',
      type: 'string',
      value: 'R',
      description: 'Only this reason (e.g. invalid_json)',
    },
    {
      name: 'limit',
      type: 'string',
      value: 'N',
      description: 'At most N records (1–1000, default 20)',
    },
    {
      name: 'after',
      type: 'string',
      value: 'ID',
      description: 'Records after this id (the next page)',
    },
  ],
  examples: [
    'instalite-bridge quarantine list --local',
    'instalite-bridge quarantine list --reason invalid_json --limit 50 --json',
  ],
  run,
};
