import type { Kafka } from 'kafkajs';
import { meterUsage } from './data-api.js';
import { type Counts, emptyCounts } from './ingest-plan.js';
import { type IngestDeps, type RunSummary, runIngest } from './ingest-run.js';
import type { MetricsScope } from './metrics.js';
import { ingestFailureMetrics, ingestRunMetrics } from './metrics-ingest.js';

/** The run's deps, with the Kafka client still to be loaded (it may fail). */
export type MeteredIngestDeps = Omit<IngestDeps, 'kafka'> & {
  readonly getKafka: () => Promise<Kafka>;
};

/**
 * One ingest invocation: the run, then its CloudWatch metrics (one EMF line
 * per run and per quarantine reason), on success and on failure alike.
 * @throws whatever the run throws, after its metrics are out.
 */
export async function runMeteredIngest(
  deps: MeteredIngestDeps,
  run: { readonly runId: string; readonly remainingMs: number },
  scope: MetricsScope,
): Promise<RunSummary> {
  const { getKafka, ...rest } = deps;
  const usage = meterUsage(deps.db);
  // What the chunks written so far add up to, for a run that fails.
  let written: Counts = emptyCounts();
  try {
    const summary = await runIngest(
      { ...rest, kafka: getKafka },
      { ...run, onProgress: (progress) => (written = progress.counts) },
    );
    const retries = usage().dataApiRetries;
    for (const document of ingestRunMetrics(
      summary,
      scope,
      retries,
      Date.now(),
    ))
      deps.logger.emit(document);
    return summary;
  } catch (error: unknown) {
    for (const document of ingestFailureMetrics(
      written,
      usage(),
      scope,
      Date.now(),
    ))
      deps.logger.emit(document);
    throw error;
  }
}
