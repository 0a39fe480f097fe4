import type { GroupLag } from '../../lib/kafka-lag.js';
import type { RunHistoryEntry } from '../../lib/run-history.js';
import { renderTable } from '../output.js';

/** A part of the status that could not be read, and what to do. */
export interface Problem {
  readonly part: 'kafka' | 'database';
  readonly message: string;
  readonly hint: string;
}

/** Everything status reports; null for a part that could not be read. */
export interface Status {
  readonly siteId: string;
  readonly groupId: string;
  readonly publishTopic: string;
  readonly lag: GroupLag | null;
  readonly runs: readonly RunHistoryEntry[] | null;
  readonly quarantine: {
    readonly total: number;
    readonly byReason: readonly { reason: string; count: number }[];
  } | null;
  readonly attention: readonly string[];
  readonly problems: readonly Problem[];
}

/** What an operator should look at, from what could be read. Pure. */
export function attentionOf(
  status: Omit<Status, 'attention'>,
  commandLine = (args: string) => `instalite-bridge ${args}`,
): string[] {
  const notes: string[] = [];
  for (const t of status.lag?.topics ?? []) {
    if (t.isMissing) notes.push(`topic ${t.topic} does not exist`);
  }
  const last = status.runs?.[0];
  if (last?.endReason === 'error') {
    notes.push(`the last run failed: ${last.error ?? 'see its logs'}`);
  }
  const total = status.quarantine?.total ?? 0;
  if (total > 0) {
    notes.push(
      `${total} quarantined record(s): ${commandLine('quarantine list')}`,
    );
  }
  return notes;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function renderLag(lag: GroupLag): string {
  const rows = lag.topics.flatMap((t) =>
    t.isMissing
      ? [[t.topic, 'missing', null, null, null, null]]
      : t.partitions.map((p) => [
          t.topic,
          String(p.partition),
          BigInt(p.low),
          BigInt(p.high),
          p.committed === null ? null : BigInt(p.committed),
          BigInt(p.lag),
        ]),
  );
  const headers = ['topic', 'partition', 'low', 'high', 'committed', 'lag'];
  return `Consumer group ${lag.groupId}: lag ${lag.totalLag}\n${renderTable(headers, rows)}`;
}

function renderRuns(runs: readonly RunHistoryEntry[]): string {
  if (runs.length === 0) return 'Recent runs: none yet';
  const rows = runs.map((r) => [
    r.startedAt,
    r.endReason,
    seconds(r.durationMs),
    r.counts.consumed,
    r.counts.inserted,
    r.counts.duplicate,
    r.counts.skipped_own_site,
    r.counts.quarantined,
  ]);
  const headers = [
    'started',
    'end',
    'duration',
    'consumed',
    'inserted',
    'duplicate',
    'skipped',
    'quarantined',
  ];
  return `Recent runs\n${renderTable(headers, rows)}`;
}

/** The status as terminal text: tables, problems, attention. Pure. */
export function renderStatus(s: Status): string {
  const parts = [
    `Site ${s.siteId} · group ${s.groupId} · publishes to ${s.publishTopic}`,
  ];
  if (s.lag) parts.push(renderLag(s.lag));
  if (s.runs) parts.push(renderRuns(s.runs));
  if (s.quarantine) {
    const rows = s.quarantine.byReason.map((q) => [q.reason, q.count]);
    parts.push(
      `Quarantine: ${s.quarantine.total} record(s)` +
        (rows.length > 0 ? `\n${renderTable(['reason', 'count'], rows)}` : ''),
    );
  }
  for (const p of s.problems)
    parts.push(`Could not read ${p.part}: ${p.message}\n  → ${p.hint}`);
  if (s.attention.length > 0)
    parts.push(`Attention:\n${s.attention.map((a) => `  • ${a}`).join('\n')}`);
  return parts.join('\n\n');
}
