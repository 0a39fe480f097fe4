import type { RunSummary } from './ingest-run.js';
import type { PublishResult } from './publish-result.js';

// CloudWatch embedded metric format (EMF), written as log lines:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html

/** CloudWatch namespace of every metric the bridge writes. */
export const METRICS_NAMESPACE = 'InstaLite/KafkaBridge';

/** The CloudWatch units the bridge's metrics use. */
export type MetricUnit = 'Count' | 'Milliseconds';

/** One metric value with its name and unit. */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
}

/** An EMF document: `_aws` metadata plus its members at the top level. */
export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly {
        readonly Name: string;
        readonly Unit: MetricUnit;
      }[];
    }[];
  };
  readonly [member: string]: unknown;
}

/** Which function and site a document is about (its dimensions). */
export interface MetricsScope {
  readonly function: 'ingest' | 'publish';
  readonly siteId: string;
  /** A property for finding the invocation's logs; never a dimension. */
  readonly requestId: string;
}

/** What an invocation cost, measured around it by the handler. */
export interface Usage {
  readonly durationMs: number;
  readonly dataApiCalls: number;
  readonly dataApiRetries: number;
}

/** Post counts of one publish invocation. */
export type PublishCounts = Pick<
  PublishResult,
  'sent' | 'invalid' | 'skipped' | 'failed'
>;

/**
 * One EMF document: each metric and dimension value as a top-level member,
 * `properties` as plain members (searchable in Logs Insights, not
 * dimensions); pure.
 */
export function emfDocument(
  metrics: readonly Metric[],
  dimensions: Readonly<Record<string, string>>,
  timestamp: number,
  properties: Readonly<Record<string, string | number>> = {},
): EmfDocument {
  const directive = {
    Namespace: METRICS_NAMESPACE,
    Dimensions: [Object.keys(dimensions)],
    Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
  };
  const values = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  return {
    _aws: { Timestamp: timestamp, CloudWatchMetrics: [directive] },
    ...properties,
    ...dimensions,
    ...values,
  };
}

const count = (name: string, value: number): Metric => ({
  name,
  value,
  unit: 'Count',
});

function usageMetrics(usage: Usage, errors: number): Metric[] {
  return [
    { name: 'DurationMs', value: usage.durationMs, unit: 'Milliseconds' },
    count('DataApiCalls', usage.dataApiCalls),
    count('DataApiRetries', usage.dataApiRetries),
    count('Errors', errors),
  ];
}

const dimensionsOf = (scope: MetricsScope) => ({
  Function: scope.function,
  SiteId: scope.siteId,
});

/**
 * An ingest run's documents: its counts, lag and usage, then one
 * `Quarantined` document per reason seen, with a `Reason` dimension
 * (reasons are the decoder's closed set); pure.
 */
export function ingestRunMetrics(
  summary: RunSummary,
  scope: MetricsScope,
  dataApiRetries: number,
  timestamp: number,
): EmfDocument[] {
  const { counts } = summary;
  const usage = {
    durationMs: Date.parse(summary.endedAt) - Date.parse(summary.startedAt),
    dataApiCalls: summary.dataApiCalls,
    dataApiRetries,
  };
  const lag = summary.partitions.reduce((sum, p) => sum + Number(p.lag), 0);
  const dimensions = dimensionsOf(scope);
  const properties = {
    requestId: scope.requestId,
    endReason: summary.endReason,
  };
  const run = emfDocument(
    [
      count('Consumed', counts.consumed),
      count('Inserted', counts.inserted),
      count('Duplicates', counts.duplicate),
      count('SkippedOwnSite', counts.skipped_own_site),
      count('Quarantined', counts.quarantined),
      count('LagAtEnd', lag),
      ...usageMetrics(usage, 0),
    ],
    dimensions,
    timestamp,
    properties,
  );
  const byReason = Object.entries(counts.reasons)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) =>
      emfDocument(
        [count('Quarantined', n)],
        { ...dimensions, Reason: reason },
        timestamp,
        { requestId: scope.requestId },
      ),
    );
  return [run, ...byReason];
}

/** A failed ingest run: `Errors` 1 and what it cost; pure. */
export function ingestFailureMetrics(
  usage: Usage,
  scope: MetricsScope,
  timestamp: number,
): EmfDocument {
  return emfDocument(usageMetrics(usage, 1), dimensionsOf(scope), timestamp, {
    requestId: scope.requestId,
    endReason: 'error',
  });
}

/**
 * One publish invocation of any trigger: post counts when it answered,
 * `Errors` 1 (and no counts) when it failed; pure.
 */
export function publishMetrics(
  counts: PublishCounts | null,
  usage: Usage,
  scope: MetricsScope & { readonly trigger: string },
  timestamp: number,
): EmfDocument {
  const posts =
    counts === null
      ? []
      : [
          count('Sent', counts.sent),
          count('Invalid', counts.invalid),
          count('Skipped', counts.skipped),
          count('Failed', counts.failed),
        ];
  return emfDocument(
    [...posts, ...usageMetrics(usage, counts === null ? 1 : 0)],
    dimensionsOf(scope),
    timestamp,
    { requestId: scope.requestId, trigger: scope.trigger },
  );
}
