/**
 * The main job on the embedded default, end to end: stack up, migrate, seed
 * users, produce the shared samples, publish two local posts, run ingest
 * once, and print what happened. Safe to run again: nothing new is inserted.
 */

import {
  ensureTopics,
  localKafka,
  prepareDatabase,
  resetGroupOffsets,
  seedUsers,
} from './admin.js';
import { ensureLocalPosts, printDemoSummary } from './demo-report.js';
import { LOCAL_ENV, localEnv } from './local-env.js';
import { readAllSampleRecords } from './samples.js';
import { stackUp } from './stack.js';

const LOCAL_USERS = ['ines.marlow', 'okafor_d', 'rhea_v', 'tomasz', 'lin'];
const TOPICS = (LOCAL_ENV.INGEST_TOPICS ?? '').split(',');
const lambdaContext = (id: string) => ({
  awsRequestId: id,
  getRemainingTimeInMillis: () => 360_000,
});

/**
 * Run a handler with the CloudWatch metric lines it prints (JSON for
 * machines, README "Observability") counted instead of shown; its log
 * lines still show.
 */
async function countingMetricLines<T>(run: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  let metricLines = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (String(chunk).startsWith('{"_aws":')) {
      metricLines += 1;
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return await run();
  } finally {
    process.stdout.write = write;
    if (metricLines > 0)
      console.log(
        `  (the function printed ${metricLines} CloudWatch metric line(s), embedded metric format)`,
      );
  }
}

async function main(): Promise<void> {
  // The local settings under the user's own; the handlers read them at
  // import, like a Lambda cold start, and the SDK its Node notice switch.
  // Errors only: a fresh broker's first group join logs a transient warning.
  Object.assign(process.env, localEnv({ LOG_LEVEL: 'error', ...process.env }));
  const step = (text: string) => console.log(`\n▶ ${text}`);
  step('Starting the local stack (Kafka broker + Data API emulator)');
  await stackUp((line) => console.log(`  ${line}`));

  step('Migrating the database and seeding local users');
  const dbName = LOCAL_ENV.DB_NAME ?? 'instalite';
  const db = await prepareDatabase(dbName);
  const [[foreignPosts] = []] = await db.query({
    name: 'demoForeignPosts',
    sql: 'SELECT count(*) FROM posts WHERE source_site IS NOT NULL',
  });
  await seedUsers(db, LOCAL_USERS);

  step('Producing the shared sample records');
  const kafka = localKafka();
  const created = await ensureTopics(kafka, TOPICS);
  if (created.length === TOPICS.length) {
    const producer = kafka.producer();
    await producer.connect();
    for (const topic of TOPICS) {
      const records = readAllSampleRecords().filter((r) => r.topic === topic);
      await producer.send({
        topic,
        acks: -1,
        messages: records.map(({ key, value }) => ({ key, value })),
      });
      console.log(`  ${records.length} records → ${topic}`);
    }
    await producer.disconnect();
  } else {
    // A database without the samples' posts (the in-memory one after
    // stack:down, however it was migrated since) beside topics an earlier
    // demo filled: read them again from the start, or the posts never arrive.
    if (Number(foreignPosts) === 0) {
      await resetGroupOffsets(kafka, LOCAL_ENV.SITE_ID ?? 'tidepool', TOPICS);
      console.log(
        '  the database holds no foreign posts: reading the topics again from the start',
      );
    }
    console.log(
      '  the topics already hold the samples (an earlier demo); not producing them again',
    );
  }

  step('Publishing two local posts through the publish handler');
  const publish = await import('../functions/publish.js');
  const posts = await ensureLocalPosts(db);
  const published = await countingMetricLines(() =>
    publish.handler(posts, lambdaContext('demo-publish')),
  );
  console.log(
    `  sent ${published.sent}, skipped ${published.skipped} (already published or foreign), ` +
      `invalid ${published.invalid}, failed ${published.failed} → ${published.topic}`,
  );

  step('Running the ingest handler once');
  const ingest = await import('../functions/ingest.js');
  const summary = await countingMetricLines(() =>
    ingest.handler(
      { 'detail-type': 'Scheduled Event' },
      lambdaContext(`demo-${Date.now()}`),
    ),
  );
  await printDemoSummary(db, summary);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(
    `\nDemo failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
