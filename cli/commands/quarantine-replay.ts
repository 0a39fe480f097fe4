import { randomUUID } from 'node:crypto';
import {
  countQuarantineByReason,
  getQuarantine,
  type ReplaySummary,
  replayQuarantine,
} from '../../lib/quarantine.js';
import { loadUserPicker } from '../../lib/store.js';
import type { CliContext } from '../context.js';
import { createProgress, renderPairs } from '../output.js';
import {
  CliError,
  type Command,
  type CommandArgs,
  EXIT,
  quarantineId,
  reasonOption,
  stringOption,
} from '../spec.js';

function render(s: ReplaySummary): string {
  const reasons = Object.entries(s.reasons).map(([r, n]) => `${r} ${n}`);
  return renderPairs([
    ['examined', s.examined],
    ['inserted', s.inserted],
    ['duplicate', s.duplicate],
    ['skipped own site', s.skipped_own_site],
    ['still quarantined', s.still_quarantined],
    ['by reason', reasons.join(', ') || '-'],
  ]);
}

async function preview(
  context: CliContext,
  reason: string | undefined,
  id: string | undefined,
) {
  const counts = await countQuarantineByReason(context.db());
  const matching = id
    ? null
    : counts
        .filter((c) => reason === undefined || c.reason === reason)
        .reduce((n, c) => n + c.count, 0);
  const what = id
    ? `record ${id}`
    : `${matching} record(s)${reason ? ` with reason ${reason}` : ''}`;
  const text = `Would replay ${what} through the current decoder.\nRun again with --yes to replay.`;
  context.print(text, {
    dryRun: true,
    reason: reason ?? null,
    id: id ?? null,
    matching,
  });
  return EXIT.ok;
}

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const reason = reasonOption(args);
  const rawId = stringOption(args, 'id');
  const id = rawId === undefined ? undefined : quarantineId(rawId, '--id');
  if (id !== undefined) {
    // Say so rather than replay nothing: the id is gone (replayed) or the
    // two filters exclude each other.
    const record = await getQuarantine(context.db(), id);
    const list = context.commandLine('quarantine list');
    if (record === undefined) {
      throw new CliError(
        `no quarantined record with id ${id}`,
        `${list} shows the ids`,
      );
    }
    if (reason !== undefined && record.reason !== reason) {
      throw new CliError(
        `record ${id} is quarantined as ${record.reason}, not ${reason}`,
        'drop --reason, or use --reason alone',
      );
    }
  }
  if (args.values.yes !== true) return preview(context, reason, id);
  const config = context.config();
  const db = context.db();
  const pickUserId = await loadUserPicker(db, Math.random);
  const progress = createProgress(context.stderr, 'replay', {
    quiet: context.isQuiet,
  });
  const summary = await replayQuarantine(
    {
      db,
      decode: config.decode,
      pickUserId,
      runId: `replay-${randomUUID()}`,
      limits: config.ingest,
    },
    { reason, ...(id !== undefined && { ids: [id] }) },
    (done, total) => progress.update(done, total, 'records'),
  );
  progress.finish();
  context.print(render(summary), summary);
  return summary.still_quarantined > 0 ? EXIT.attention : EXIT.ok;
}

/** `quarantine replay`: re-run quarantined records through the decoder. */
export const quarantineReplayCommand: Command = {
  name: ['quarantine', 'replay'],
  summary: 'Re-run quarantined records through the current decoder',
  description:
    'Idempotent: a record that now decodes is inserted once (if absent) and ' +
    "leaves the quarantine, as do duplicates and our own site's records; " +
    'one that still fails stays, with its current reason. Without --yes it ' +
    'only says how many records it would replay. An --id with no record, or ' +
    'whose reason is not --reason, is an error (exit code 1).',
  options: [
    {
      name: 'reason',
      type: 'string',
      value: 'R',
      description: 'Only records with this reason',
    },
    {
      name: 'id',
      type: 'string',
      value: 'ID',
      description: 'Only this record',
    },
    {
      name: 'yes',
      type: 'boolean',
      short: 'y',
      description: 'Replay (without it: a dry run)',
    },
  ],
  attention: 'some replayed records still fail to decode (still quarantined)',
  examples: [
    'instalite-bridge quarantine replay --local --reason invalid_field',
    'instalite-bridge quarantine replay --local --reason invalid_field --yes',
  ],
  run,
};
