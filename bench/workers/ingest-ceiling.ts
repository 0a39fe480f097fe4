/**
 * (c) The ceiling: the same consumer loop (`consumeUntilDone`) with the
 * same settings as ingest, decoding and planning every chunk but writing
 * nothing to the database.
 */
import { computeDeadline } from '../../lib/budget.js';
import { loadConfig } from '../../lib/config.js';
import { addCounts, emptyCounts, planBatch } from '../../lib/ingest-plan.js';
import { consumerSettings } from '../../lib/ingest-run.js';
import { createKafka } from '../../lib/kafka.js';
import { consumeUntilDone } from '../../lib/kafka-consume.js';
import { createLogger } from '../../lib/logging.js';
import { finish, peakRssBytes, runWorker } from './worker-io.js';

runWorker(async () => {
  const config = loadConfig();
  const logger = createLogger({ function: 'ceiling' }, config.logLevel);
  const kafka = createKafka(config.kafka, logger);
  const counts = emptyCounts();
  const rssAfterLoad = peakRssBytes();
  const started = performance.now();
  const deadline = computeDeadline(
    Date.now(),
    config.ingest.budgetMs,
    900_000,
    config.ingest.shutdownMarginMs,
  );
  // Built apart from the call so the loop's options may grow members.
  const options = {
    kafka,
    ...consumerSettings(config),
    deadline,
    logger,
    handleRecords: async (records: Parameters<typeof planBatch>[0]) => {
      addCounts(counts, planBatch(records, config.decode, () => 1).counts);
    },
  };
  const result = await consumeUntilDone(options);
  const ms = performance.now() - started;
  finish({
    runs: [{ ms, endReason: result.endReason, dataApiCalls: 0, counts }],
    rssAfterLoad,
  });
});
