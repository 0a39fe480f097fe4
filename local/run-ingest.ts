/**
 * One ingest invocation in its own process, as Lambda would run it:
 *   npx tsx local/run-ingest.ts [--remaining-ms N]
 * The environment (with the local defaults under it) is the function's
 * config. Prints the run summary as one JSON line on stdout; on failure
 * prints `{"error": …}` and exits 1. The fault suite SIGKILLs this process.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { localEnv } from './local-env.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'remaining-ms': { type: 'string', default: '900000' } },
  });
  const remainingMs = Number(values['remaining-ms']);
  if (!Number.isFinite(remainingMs) || remainingMs <= 0) {
    throw new Error('--remaining-ms must be a positive number');
  }
  Object.assign(process.env, localEnv({ CONFIG_FILE: 'none', ...process.env }));
  // Imported after the environment is set: config is read at module load.
  const { handler } = await import('../functions/ingest.js');
  const end = Date.now() + remainingMs;
  const summary = await handler(
    {},
    {
      awsRequestId: `run-ingest-${randomUUID()}`,
      getRemainingTimeInMillis: () => end - Date.now(),
    },
  );
  console.log(JSON.stringify(summary));
}

main().then(
  // Warm Kafka clients are not closed (as in Lambda): exit explicitly.
  () => process.exit(0),
  (error: unknown) => {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    console.log(JSON.stringify({ error: { name, message } }));
    process.exit(1);
  },
);
