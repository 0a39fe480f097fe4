import type { Counts } from './ingest-plan.js';
import type { RunSummary } from './ingest-run.js';
import {
  count,
  dimensionsOf,
  type EmfDocument,
  emfDocument,
  type Metric,
  type MetricsScope,
  type Usage,
  usageMetrics,
} from './metrics.js';

// The run's outcome counts and `extra`, then one `Quarantined` document per
// reason seen, with a `Reason` dimension (the decoder's closed set of
// reasons keeps its cardinality low).
function ingestDocuments(
  counts: Counts,
  extra: readonly Metric[],
  endReason: string,
  scope: MetricsScope,
  timestamp: number,
): EmfDocument[] {
  const dimensions = dimensionsOf(scope);
  const { requestId } = scope;
  const run = emfDocument(
    [
      count('Consumed', counts.consumed),
      count('Inserted', counts.inserted),
      count('Duplicates', counts.duplicate),
      count('SkippedOwnSite', counts.skipped_own_site),
      count('Quarantined', counts.quarantined),
      ...extra,
    ],
    dimensions,
    timestamp,
    { requestId, endReason },
  );
  const byReason = Object.entries(counts.reasons)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Reason, n]) =>
      emfDocument(
        [count('Quarantined', n)],
        { ...dimensions, Reason },
        timestamp,
        {
          requestId,
        },
      ),
    );
  return [run, ...byReason];
}

/**
 * An ingest run's documents: counts, lag at end (summed over partitions),
 * duration and Data API use, then one per quarantine reason; pure.
 */
export function ingestRunMetrics(
  summary: RunSummary,
  scope: MetricsScope,
  dataApiRetries: number,
  timestamp: number,
): EmfDocument[] {
  const lag = summary.partitions.reduce((sum, p) => sum + Number(p.lag), 0);
  const usage = {
    durationMs: Date.parse(summary.endedAt) - Date.parse(summary.startedAt),
    dataApiCalls: summary.dataApiCalls,
    dataApiRetries,
  };
  const extra = [count('LagAtEnd', lag), ...usageMetrics(usage, 0)];
  return ingestDocuments(
    summary.counts,
    extra,
    summary.endReason,
    scope,
    timestamp,
  );
}

/**
 * A failed run's documents: `Errors` 1, what it cost, and the counts of
 * the chunks it wrote before failing (no lag: it is unknown); pure.
 */
export function ingestFailureMetrics(
  counts: Counts,
  usage: Usage,
  scope: MetricsScope,
  timestamp: number,
): EmfDocument[] {
  const extra = usageMetrics(usage, 1);
  return ingestDocuments(counts, extra, 'error', scope, timestamp);
}
