/**
 * (b) Our ingest handler, loaded as a cold start from the environment the
 * parent set, invoked `invokes` times; reports each run's time and counts.
 */
import { finish, peakRssBytes, readJob, runWorker } from './worker-io.js';

interface Job {
  readonly runId: string;
  readonly invokes?: number;
}

// The longest Lambda timeout: the run's own budget is the limit that counts.
const LAMBDA_TIMEOUT_MS = 900_000;

runWorker(async () => {
  const job = readJob<Job>();
  const { handler } = await import('../../functions/ingest.js');
  const rssAfterLoad = peakRssBytes();
  const runs = [];
  for (let i = 0; i < (job.invokes ?? 1); i += 1) {
    const end = Date.now() + LAMBDA_TIMEOUT_MS;
    const started = performance.now();
    const summary = await handler(
      { 'detail-type': 'Scheduled Event' },
      {
        awsRequestId: `${job.runId}-${i}`,
        getRemainingTimeInMillis: () => end - Date.now(),
      },
    );
    runs.push({
      ms: performance.now() - started,
      endReason: summary.endReason,
      dataApiCalls: summary.dataApiCalls,
      counts: summary.counts,
    });
  }
  finish({ runs, rssAfterLoad });
});
