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

/** A metric in `Count` units; pure. */
export const count = (name: string, value: number): Metric => ({
  name,
  value,
  unit: 'Count',
});

/** Duration, Data API calls and retries, and `errors` (0 or 1); pure. */
export function usageMetrics(usage: Usage, errors: number): Metric[] {
  return [
    { name: 'DurationMs', value: usage.durationMs, unit: 'Milliseconds' },
    count('DataApiCalls', usage.dataApiCalls),
    count('DataApiRetries', usage.dataApiRetries),
    count('Errors', errors),
  ];
}

/** The `Function` and `SiteId` dimensions of a scope; pure. */
export const dimensionsOf = (scope: MetricsScope) => ({
  Function: scope.function,
  SiteId: scope.siteId,
});

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
